package org.koops.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The bug list's filters, order and page, as read from the URL ({@code ?q=&status=&host=&release=
 * &module=&sort=&page=&per_page=}) and as turned back into SQL and into links.
 */
record BugQuery(String q, String status, String host, String release, String module, Sort sort, int page,
                int perPage) {
    /** The orders of the list, each with its SQL; the URL names them. */
    enum Sort {
        last("b.last_seen DESC", "last seen"), first("b.first_seen DESC", "first seen"),
        count("b.crash_count DESC", "most crashes"), hosts("b.host_count DESC", "most hosts"),
        title("b.title ASC", "title");

        final String sql;
        final String label;

        Sort(String sql, String label) {
            this.sql = sql;
            this.label = label;
        }
    }

    /** The status filters: one status, or all of them. */
    static final List<String> STATUSES = List.of("open", "fixed", "invalid", "duplicate", "all");
    static final int PER_PAGE = 50;
    static final int MAX_PER_PAGE = 200;

    /**
     * Reads the query from request parameters.
     *
     * @throws IllegalArgumentException naming the parameter and what it may be, on an unknown or malformed
     *                                  value (the answer is 400), rather than showing something else silently
     */
    static BugQuery from(Function<String, String> param) {
        return new BugQuery(blankToNull(param.apply("q")),
                choice("status", param.apply("status"), STATUSES, "open"),
                blankToNull(param.apply("host")), blankToNull(param.apply("release")),
                blankToNull(param.apply("module")),
                Sort.valueOf(choice("sort", param.apply("sort"),
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
        List<String> terms = new ArrayList<>();
        if (!status.equals("all")) {
            terms.add("b.status = ?");
            params.add(status);
        }
        if (q != null) {
            String like = "%" + q.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%";
            terms.add("b.id IN (SELECT bug_id FROM bug_title WHERE LOWER(title) LIKE ? ESCAPE '\\')");
            params.add(like);
        }
        facetTerm(terms, params, Facet.HOST, host);
        facetTerm(terms, params, Facet.RELEASE, release);
        facetTerm(terms, params, Facet.MODULE, module);
        return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
    }

    private static void facetTerm(List<String> terms, List<Object> params, Facet facet, String value) {
        if (value != null) {
            terms.add("EXISTS (SELECT 1 FROM bug_facet f WHERE f.bug_id = b.id AND f.facet = ? AND f.facet_value = ?)");
            params.add(facet.id);
            params.add(value);
        }
    }

    /**
     * The query string of this query with one parameter changed ({@code null} removes it), for sort,
     * filter and page links; any change but the page's starts again at the first page.
     */
    String link(String key, String value) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("q", q);
        p.put("status", status.equals("open") ? null : status);
        p.put("host", host);
        p.put("release", release);
        p.put("module", module);
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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
