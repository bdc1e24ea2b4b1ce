package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import org.koops.server.Views.BugDetail;
import org.koops.server.Views.Breakdown;
import org.koops.server.Views.PageOf;

/** The bug list and the bug pages, with the triage form. */
final class BugPages {
    /** Breakdowns whose values filter the bug list, so their rows link there. */
    private static final Set<String> FILTERS = Set.of(Facet.HOST.id, Facet.RELEASE.id, Facet.MODULE.id);

    private final Database db;
    private final Access access;
    private final Templates templates;
    private final Clock clock;

    BugPages(Database db, Access access, Templates templates, Clock clock) {
        this.db = db;
        this.access = access;
        this.templates = templates;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/", ctx -> ctx.redirect("/bugs"));
        app.get("/bugs", this::list, Permission.READ);
        app.get("/bugs/{id}", this::bug, Permission.READ);
        app.post("/bugs/{id}/status", this::status, Permission.TRIAGE);
    }

    private void list(Context ctx) throws SQLException {
        BugQuery query = BugQuery.from(ctx::queryParam);
        Map<String, Object> page = PageContext.of(ctx, access, "Bugs");
        try (Connection c = db.connection()) {
            PageOf<Views.BugSummary> bugs = Queries.bugs(c, query);
            page.put("bugs", bugs.items());
            page.put("count", Html.count(bugs.total(), "bug", "bugs"));
            page.put("pager", Html.Pager.of(bugs, n -> query.link("page", String.valueOf(n))));
        }
        page.put("query", query);
        page.put("statuses", Html.options(BugQuery.STATUSES, query.status()));
        page.put("sorts", Arrays.stream(BugQuery.Sort.values())
                .map(s -> new Html.Option(s.name(), s.label, s == query.sort())).toList());
        Map<String, String> sortLinks = new LinkedHashMap<>();
        for (BugQuery.Sort s : BugQuery.Sort.values()) {
            sortLinks.put(s.name(), query.link("sort", s.name()));
        }
        page.put("sortLinks", sortLinks);
        ctx.html(templates.render("bugs", page));
    }

    private void bug(Context ctx) throws SQLException {
        long id = ApiRoutes.id(ctx);
        try (Connection c = db.connection()) {
            BugDetail bug = ApiRoutes.found(Queries.bug(c, id));
            PageOf<Views.Crash> crashes = Queries.crashesOfBug(c, id, bug.bug().crashes(), ApiRoutes.page(ctx),
                    BugQuery.PER_PAGE);
            Map<String, Object> page = PageContext.of(ctx, access, bug.bug().title());
            page.put("bug", bug);
            page.put("counts", Html.count(bug.bug().crashes(), "crash", "crashes") + " on "
                    + Html.count(bug.bug().hostCount(), "host", "hosts"));
            page.put("otherTitles", bug.titles().stream().filter(t -> !t.equals(bug.bug().title())).toList());
            page.put("chart", Chart.of(bug.days()));
            page.put("breakdowns", bug.breakdowns().stream().map(BugPages::linked).toList());
            page.put("crashes", crashes.items());
            page.put("pager", Html.Pager.of(crashes, n -> "?page=" + n));
            page.put("statuses", Html.options(BugStatus.VALUES, bug.bug().status()));
            ctx.html(templates.render("bug", page));
        }
    }

    private void status(Context ctx) throws SQLException {
        long id = ApiRoutes.id(ctx);
        String duplicateOf = ctx.formParam("duplicate_of");
        Long original = null;
        if (duplicateOf != null && !duplicateOf.isBlank()) {
            try {
                original = Long.parseLong(duplicateOf.strip().replaceFirst("^#", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the original is a bug number, such as 12");
            }
        }
        try (Connection c = db.connection()) {
            if (!BugStatus.change(c, id, String.valueOf(ctx.formParam("status")), ctx.formParam("note"), original,
                    clock.instant())) {
                throw new NotFoundResponse("No such bug.");
            }
        }
        ctx.redirect("/bugs/" + id, HttpStatus.SEE_OTHER);
    }

    /** A breakdown's rows with the bug-list link of each value, where the value is a filter. */
    private static Map<String, Object> linked(Breakdown b) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("label", b.label());
        view.put("values", b.values());
        view.put("more", b.values() - b.top().size());
        view.put("rows", b.top().stream().map(f -> Map.of("value", f.value(), "crashes", f.crashes(),
                "lastSeen", f.lastSeen(), "link", FILTERS.contains(b.facet())
                        ? "/bugs?status=all&" + b.facet() + "=" + Html.query(f.value()) : "")).toList());
        return view;
    }
}
