package org.koops.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
        last("b.last_seen DESC"), first("b.first_seen DESC"), count("b.crash_count DESC"),
        hosts("b.host_count DESC"), title("b.title ASC");

        final String sql;

        Sort(String sql) {
            this.sql = sql;
        }
    }

    /** The status filters: one status, or all of them. */
    static final List<String> STATUSES = List.of("open", "fixed", "invalid", "duplicate", "all");
    static final int PER_PAGE = 50;
    static final int MAX_PER_PAGE = 200;

    /** Reads the query from request parameters; unknown or malformed values fall back to the defaults. */
    static BugQuery from(Function<String, String> param) {
        String status = param.apply("status");
        return new BugQuery(blankToNull(param.apply("q")),
                status != null && STATUSES.contains(status) ? status : "open",
                blankToNull(param.apply("host")), blankToNull(param.apply("release")),
                blankToNull(param.apply("module")), sort(param.apply("sort")),
                Math.max(1, number(param.apply("page"), 1)),
                Math.min(MAX_PER_PAGE, Math.max(1, number(param.apply("per_page"), PER_PAGE))));
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

    private static Sort sort(String name) {
        for (Sort s : Sort.values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return Sort.last;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static int number(String s, int otherwise) {
        try {
            return s == null ? otherwise : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
