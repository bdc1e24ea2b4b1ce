package org.koops.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.koops.model.Kind;

/**
 * The bug list's search, filters, order and page, as read from the URL ({@code ?q=&status=&sort=&page=
 * &per_page=} and the parameters of {@link #FILTERS}) and as turned back into SQL and into links.
 *
 * @param filters the values given of the {@link #FILTERS}, by parameter
 */
record BugQuery(String q, String status, Map<String, String> filters, Sort sort, int page, int perPage) {
    /**
     * The orders of the list, each with its SQL; the URL names them. {@code indexed}: an index of {@code bug}
     * gives the order, so that a page can be read by walking it and stopping after the page's rows.
     */
    enum Sort {
        last("b.last_seen DESC", "last seen", true), first("b.first_seen DESC", "first seen", true),
        count("b.crash_count DESC", "most crashes", true), hosts("b.host_count DESC", "most hosts", false),
        title("b.title ASC", "title", false);

        final String sql;
        final String label;
        final boolean indexed;

        Sort(String sql, String label, boolean indexed) {
            this.sql = sql;
            this.label = label;
            this.indexed = indexed;
        }
    }

    /** The status filters: one status, or all of them. */
    static final List<String> STATUSES = List.of("open", "fix-pending", "fixed", "invalid", "duplicate", "all");
    static final int PER_PAGE = 50;
    static final int MAX_PER_PAGE = 200;

    /** How one filter narrows the list: the SQL term and its parameters for a value. */
    @FunctionalInterface
    private interface Term {
        void add(String value, List<String> terms, List<Object> params);
    }

    /** A filter of the bug list: its URL parameter, its label on the page, the SQL it adds. */
    record Filter(String param, String label, Term term) {
    }

    /**
     * The filters, in the order of the page's form. A facet filter matches a bug one of whose crashes had
     * the value; the release range compares releases in version order ({@link ReleaseOrder}), the date
     * range the days the bug crashed.
     */
    static final List<Filter> FILTERS = List.of(
            new Filter("function", "Function", (v, t, p) -> equal("b.culprit_function", v, t, p)),
            new Filter("module", "Module", facet(Facet.MODULE)),
            new Filter("file", "File or directory", (v, t, p) -> {
                t.add("b.guilty_file LIKE ? ESCAPE '\\'");
                p.add(likeEscaped(v) + "%");
            }),
            new Filter("kind", "Kind", (v, t, p) -> equal("b.kind", kindName(v), t, p)),
            new Filter("arch", "Architecture", facet(Facet.ARCH)),
            new Filter("host", "Host", facet(Facet.HOST)),
            new Filter("tag", "Tag", facet(Facet.TAG)),
            new Filter("label", "Label", (v, t, p) -> {
                t.add("b.id IN (SELECT l.bug_id FROM bug_label l WHERE l.label = ?)");
                p.add(v);
            }),
            new Filter("release", "Release", facet(Facet.RELEASE)),
            new Filter("release_from", "Releases from", (v, t, p) -> releases(">=", ReleaseOrder.key(v), t, p)),
            new Filter("release_to", "Releases up to", (v, t, p) -> releases("<=",
                    ReleaseOrder.key(v) + ReleaseOrder.AFTER_ALL, t, p)),
            new Filter("from", "Crashed from", (v, t, p) -> days(">=", v, t, p)),
            new Filter("to", "Crashed up to", (v, t, p) -> days("<=", v, t, p)));

    /** The parameters of the list besides its filters. */
    private static final List<String> PARAMS = List.of("q", "status", "sort", "page", "per_page");

    /**
     * Reads the query from request parameters: {@code param} gives the value of a parameter, {@code names}
     * the names of those given.
     *
     * @throws IllegalArgumentException naming the parameter and what it may be, on an unknown parameter or an
     *                                  unknown or malformed value (the answer is 400), rather than showing
     *                                  something else silently
     */
    static BugQuery from(Function<String, String> param, java.util.Collection<String> names) {
        List<String> known = new ArrayList<>(PARAMS);
        FILTERS.forEach(f -> known.add(f.param()));
        for (String name : names) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("the bug list has no parameter " + name + "; it takes "
                        + String.join(", ", known));
            }
        }
        Map<String, String> filters = new LinkedHashMap<>();
        for (Filter f : FILTERS) {
            String value = blankToNull(param.apply(f.param()));
            if (value != null) {
                filters.put(f.param(), value);
            }
        }
        return new BugQuery(blankToNull(param.apply("q")), choice("status", param.apply("status"), STATUSES, "open"),
                filters, Sort.valueOf(choice("sort", param.apply("sort"),
                        Arrays.stream(Sort.values()).map(Enum::name).toList(), Sort.last.name())),
                number("page", param.apply("page"), 1, Integer.MAX_VALUE, 1),
                number("per_page", param.apply("per_page"), 1, MAX_PER_PAGE, PER_PAGE));
    }

    /** One of {@code values}, or {@code otherwise} when absent or blank. */
    static String choice(String name, String value, List<String> values, String otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        if (!values.contains(value)) {
            throw new IllegalArgumentException(name + " must be one of " + String.join(", ", values) + ", not "
                    + value);
        }
        return value;
    }

    /** A whole number from {@code min} to {@code max}, or {@code otherwise} when absent or blank. */
    static int number(String name, String value, int min, int max, int otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min
                + (max == Integer.MAX_VALUE ? "" : " to " + max) + ", not " + value);
    }

    /** {@code WHERE ...} with its parameters in {@code params}. */
    String where(List<Object> params) {
        return where(params, false);
    }

    /**
     * {@code WHERE ...} with its parameters in {@code params}; {@code eachBug}: the search as a test of each
     * bug's own titles (a correlated {@code EXISTS} through the index of {@code bug_title} on the bug), for
     * a page read by walking the bugs in the order of an index, which stops after the page's rows. Otherwise
     * the titles that may match are found first (below) and their bugs read, ordered and counted, all of them.
     * Both match the same bugs.
     */
    String where(List<Object> params, boolean eachBug) {
        List<String> terms = new ArrayList<>();
        if (!status.equals("all")) {
            terms.add("b.status = ?");
            params.add(status);
        }
        if (q != null) {
            String text = q.toLowerCase(Locale.ROOT);
            List<String> grams = TitleGrams.searched(text);
            if (eachBug) {
                terms.add("EXISTS (SELECT 1 FROM bug_title t WHERE t.bug_id = b.id AND LOWER(t.title) LIKE ? ESCAPE"
                        + " '\\')");
                params.add("%" + likeEscaped(text) + "%");
            } else if (grams.isEmpty()) { // shorter than a gram: every title
                terms.add("b.id IN (SELECT bug_id FROM bug_title WHERE LOWER(title) LIKE ? ESCAPE '\\')");
                params.add("%" + likeEscaped(text) + "%");
            } else {
                terms.add("b.id IN (SELECT g.bug_id" + matchingTitles(params) + ")");
            }
        }
        for (Filter f : FILTERS) {
            String value = filters.get(f.param());
            if (value != null) {
                f.term().add(value, terms, params);
            }
        }
        return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
    }

    /**
     * {@code FROM bug_title_gram g WHERE ...}, with its parameters in {@code params}: the titles holding the
     * search's rarest gram, read through the key (gram, title), that hold the searched text. The search must
     * be one of a gram at least ({@link TitleGrams#searched}).
     */
    String matchingTitles(List<Object> params) {
        String text = q.toLowerCase(Locale.ROOT);
        List<String> grams = TitleGrams.searched(text);
        params.addAll(grams);
        params.add("%" + likeEscaped(text) + "%");
        return " FROM bug_title_gram g WHERE g.gram = (SELECT n.gram FROM bug_title_gram_count n WHERE n.gram IN ("
                + Sql.placeholders(grams.size()) + ") ORDER BY n.titles, n.gram FETCH FIRST 1 ROWS ONLY)"
                + " AND LOWER(g.title) LIKE ? ESCAPE '\\'";
    }

    /** The value of a filter, or {@code ""}: for the page's form. */
    String value(String param) {
        return filters.getOrDefault(param, "");
    }

    /**
     * The query string of this query with one parameter changed ({@code null} removes it), for sort,
     * filter and page links; any change but the page's starts again at the first page.
     */
    String link(String key, String value) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("q", q);
        p.put("status", status.equals("open") ? null : status);
        FILTERS.forEach(f -> p.put(f.param(), filters.get(f.param())));
        p.put("sort", sort == Sort.last ? null : sort.name());
        p.put("page", page == 1 ? null : String.valueOf(page));
        p.put("per_page", perPage == PER_PAGE ? null : String.valueOf(perPage));
        if (!key.equals("page")) {
            p.remove("page");
        }
        p.put(key, value);
        StringBuilder s = new StringBuilder();
        p.forEach((k, v) -> {
            if (v != null) {
                s.append(s.length() == 0 ? "?" : "&").append(k).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return s.length() == 0 ? "?" : s.toString();
    }

    /**
     * The bugs with a value of a facet, found through the index on (facet, value, bug): as a correlated
     * {@code EXISTS}, H2 tried every bug in turn (10,000 look-ups for a host that 139 bugs crashed on).
     * The ranges of releases and days stay {@code EXISTS}: a range may hold most rows of its facet, and a
     * look-up per bug then reads less than all of them.
     */
    private static Term facet(Facet facet) {
        return (value, terms, params) -> {
            terms.add("b.id IN (SELECT f.bug_id FROM bug_facet f WHERE f.facet = ? AND f.facet_value = ?)");
            params.add(facet.id);
            params.add(value);
        };
    }

    private static void equal(String column, String value, List<String> terms, List<Object> params) {
        terms.add(column + " = ?");
        params.add(value);
    }

    private static void releases(String op, String key, List<String> terms, List<Object> params) {
        terms.add("EXISTS (SELECT 1 FROM bug_facet f WHERE f.bug_id = b.id AND f.facet = ? AND f.sort_key " + op
                + " ?)");
        params.add(Facet.RELEASE.id);
        params.add(key);
    }

    private static void days(String op, String day, List<String> terms, List<Object> params) {
        try {
            LocalDate.parse(day);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("a date is written 2024-05-01, not " + day);
        }
        terms.add("EXISTS (SELECT 1 FROM bug_facet f WHERE f.bug_id = b.id AND f.facet = ? AND f.facet_value " + op
                + " ?)");
        params.add(Facet.DAY.id);
        params.add(day);
    }

    /** A kind by its name ({@code KASAN}) or in words ({@code KASAN memory error}), in any case. */
    private static String kindName(String value) {
        for (Kind k : Kind.values()) {
            if (k.name().equalsIgnoreCase(value.replace(' ', '_')) || k.description().equalsIgnoreCase(value)) {
                return k.name();
            }
        }
        throw new IllegalArgumentException("kind must be one of " + Arrays.stream(Kind.values()).map(Enum::name)
                .collect(Collectors.joining(", ")) + ", not " + value);
    }

    private static String likeEscaped(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
