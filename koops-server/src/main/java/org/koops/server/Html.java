package org.koops.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.ToLongFunction;

/** Small pieces shared by the pages: options of a select, page links, query values in links. */
final class Html {
    /** One option of a select. */
    record Option(String value, String label, boolean selected) {
    }

    /** Links to the previous and next page, {@code null} at either end. */
    record Pager(String prev, String next, int page, int pages, boolean morePages, long total) {
        static Pager of(Views.PageOf<?> list, IntFunction<String> link) {
            return new Pager(list.page() > 1 ? link.apply(list.page() - 1) : null,
                    list.page() < list.pages() || list.moreThanTotal() ? link.apply(list.page() + 1) : null,
                    list.page(), list.pages(), list.moreThanTotal(), list.total());
        }

        /**
         * Links to the pages next to {@code list} from the row it ends or begins with ({@code after=ID},
         * {@code before=ID}), so that the database reads that page from the row's entry in its index rather
         * than skipping the pages before it; the first page is read from the start, with the rows come since.
         * {@code query} is what else each link keeps ({@code &state=failed}).
         */
        static <T> Pager keyset(Views.PageOf<T> list, ToLongFunction<T> id, String query) {
            List<T> items = list.items();
            return of(list, n -> n == 1 || items.isEmpty() ? "?page=" + n + query
                    : n > list.page() ? "?page=" + n + "&after=" + id.applyAsLong(items.get(items.size() - 1)) + query
                    : "?page=" + n + "&before=" + id.applyAsLong(items.get(0)) + query);
        }
    }

    private Html() {
    }

    static List<Option> options(List<String> values, String selected) {
        return values.stream().map(v -> new Option(v, v, v.equals(selected))).toList();
    }

    /** What a kind of report means ({@code kernel NULL pointer dereference}); the name itself if unknown. */
    static String kind(String name) {
        try {
            return org.koops.model.Kind.valueOf(name).description();
        } catch (IllegalArgumentException | NullPointerException e) {
            return name;
        }
    }

    /** What a cause means ({@code use-after-free}); {@code null} stays {@code null}. */
    static String cause(String name) {
        try {
            return name == null ? null : org.koops.model.Cause.valueOf(name).description();
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    /** {@code 1 crash}, {@code 2 crashes}. */
    static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** A value for a query string; the template escapes the whole link for HTML. */
    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
