package org.koops.server;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The trigrams of a bug's titles ({@code bug_title_gram}), which serve the bug list's search: a title
 * holding the searched text holds each of its trigrams, so only the titles holding the rarest of them
 * ({@code bug_title_gram_count} says how many titles hold each) are read, through the table's key (gram,
 * title), and matched with {@code LIKE}, instead of every title of the database (no index of both H2 and
 * PostgreSQL serves {@code LIKE '%text%'}). One gram's titles are never more than all titles; reading
 * the titles of several grams and keeping those in all of them read more than every title for a text as
 * common as {@code kasan}, a sixth of the benchmark's titles. The matching
 * itself is unchanged: {@code LOWER(title) LIKE '%text%'}, inside words too. Titles are lowercased the
 * same way here and by the search ({@link Locale#ROOT}), so the trigrams of the text are trigrams of each
 * title that holds it. Public only for the migration that makes the trigrams of the titles filed before.
 */
public final class TitleGrams {
    /** The length of a gram; a text shorter than this is matched against every title. */
    static final int LENGTH = 3;
    /** The grams of a searched text among which the rarest is chosen, at most, spread over it. */
    static final int SEARCHED = 12;

    private TitleGrams() {
    }

    /** The distinct grams of a title, lowercased, in order of their first place. */
    public static Set<String> of(String title) {
        String s = title.toLowerCase(Locale.ROOT);
        Set<String> grams = new LinkedHashSet<>();
        for (int i = 0; i + LENGTH <= s.length(); i++) {
            grams.add(s.substring(i, i + LENGTH));
        }
        return grams;
    }

    /**
     * The grams looked up for a searched text, already lowercased: up to {@link #SEARCHED}, spread from its
     * first to its last; none when it is shorter than a gram.
     */
    static List<String> searched(String text) {
        List<String> all = new ArrayList<>(of(text));
        if (all.size() <= SEARCHED) {
            return all;
        }
        List<String> some = new ArrayList<>();
        for (int i = 0; i < SEARCHED; i++) {
            some.add(all.get(i * (all.size() - 1) / (SEARCHED - 1)));
        }
        return some;
    }

    /** The rows of {@code bug_title_gram} for a title of a bug: gram, title, bug. */
    static List<Object[]> rows(String title, long bug) {
        return of(title).stream().map(g -> new Object[] {g, title, bug}).toList();
    }

    /** The statement that adds a row of {@link #rows}. */
    static final String INSERT = "INSERT INTO bug_title_gram (gram, title, bug_id) VALUES (?, ?, ?)";

    /**
     * Adds the grams of new titles ({@code [title, bug]} rows) and counts them: in the transaction that adds
     * the titles, so that both tables hold exactly the titles of {@code bug_title}. The counts are changed
     * in the order of their grams, as instances sharing a database lock rows in the same order.
     */
    static void add(java.sql.Connection c, List<Object[]> titles) throws java.sql.SQLException {
        List<Object[]> rows = new ArrayList<>();
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        for (Object[] t : titles) {
            for (Object[] row : rows((String) t[0], (Long) t[1])) {
                rows.add(row);
                counts.merge((String) row[0], 1L, Long::sum);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        Sql.batch(c, INSERT, rows);
        List<Object[]> changes = counts.entrySet().stream().map(e -> new Object[] {e.getValue(), e.getKey()})
                .toList();
        int[] changed = Sql.batch(c, "UPDATE bug_title_gram_count SET titles = titles + ? WHERE gram = ?", changes);
        List<Object[]> added = new ArrayList<>();
        for (int i = 0; i < changed.length; i++) {
            if (changed[i] == 0) {
                added.add(new Object[] {changes.get(i)[1], changes.get(i)[0]});
            }
        }
        Sql.batch(c, "INSERT INTO bug_title_gram_count (gram, titles) VALUES (?, ?)", added);
    }
}
