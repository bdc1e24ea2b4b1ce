package org.koops.server;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private static final Set<String> FILTERS = Set.of(Facet.HOST.id, Facet.RELEASE.id, Facet.MODULE.id,
            Facet.ARCH.id, Facet.TAG.id);
    /** Frames of the first crash on a bug's page. */
    private static final int TOP_FRAMES = 8;

    private final Database db;
    private final Access access;
    private final Templates templates;
    private final Clock clock;
    private final Symbols symbols;
    private final Maintainers maintainers;

    BugPages(Database db, Access access, Templates templates, Clock clock, Symbols symbols, Maintainers maintainers) {
        this.symbols = symbols;
        this.maintainers = maintainers;
        this.db = db;
        this.access = access;
        this.templates = templates;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/", ctx -> ctx.redirect("/bugs"));
        app.get("/bugs", this::list, Permission.READ);
        app.get("/bugs.atom", this::feed, Permission.READ);
        app.post("/bugs/bulk", this::bulk, Permission.TRIAGE);
        app.post("/bugs/{id}/labels", this::labels, Permission.TRIAGE);
        app.get("/bugs/{id}", this::bug, Permission.READ);
        app.get("/bugs/{id}/crashes", this::crashes, Permission.READ);
        app.post("/bugs/{id}/status", this::status, Permission.TRIAGE);
    }

    private void list(Context ctx) throws SQLException {
        BugQuery query = BugQuery.from(ctx::queryParam, ctx.queryParamMap().keySet());
        Map<String, Object> page = PageContext.of(ctx, access, "Bugs");
        try (Connection c = db.connection()) {
            PageOf<Views.BugSummary> bugs = Queries.bugs(c, query);
            page.put("bugs", bugs.items());
            page.put("back", "/bugs" + query.link("page", String.valueOf(bugs.page())));
            page.put("feedQuery", query.link("page", null).equals("?") ? "" : query.link("page", null));
            page.put("bulkStatuses", BugStatus.VALUES.stream().filter(v -> !v.equals("duplicate")).toList());
            page.put("count", (bugs.moreThanTotal() ? "more than " : "") + Html.count(bugs.total(), "bug", "bugs"));
            page.put("pager", Html.Pager.of(bugs, n -> query.link("page", String.valueOf(n))));
        }
        page.put("query", query);
        page.put("filtering", !query.filters().isEmpty());
        page.put("filters", BugQuery.FILTERS.stream().map(f -> Map.of("param", f.param(), "label", f.label(),
                "value", query.value(f.param()))).toList());
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

    /** The newest bugs first, with the list's filters: an Atom feed. */
    private void feed(Context ctx) throws SQLException {
        BugQuery asked = BugQuery.from(ctx::queryParam, ctx.queryParamMap().keySet());
        BugQuery query = new BugQuery(asked.q(), ctx.queryParam("status") == null ? "all" : asked.status(),
                asked.filters(), BugQuery.Sort.first, 1, asked.perPage());
        try (Connection c = db.connection()) {
            String base = AtomFeed.base(ctx);
            ctx.contentType("application/atom+xml; charset=utf-8").result(AtomFeed.of(Queries.bugs(c, query).items(),
                    base, base + ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString()),
                    clock.instant()));
        }
    }

    /** The bug list's form: one status and labels for the bugs ticked. */
    private void bulk(Context ctx) throws SQLException {
        List<Long> bugs = new java.util.ArrayList<>();
        for (String id : ctx.formParams("bug")) {
            try {
                bugs.add(Long.parseLong(id));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a bug number: " + id);
            }
        }
        String status = ctx.formParam("status");
        String label = ctx.formParam("label");
        BulkTriage.Outcome outcome = new BulkTriage(bugs, status == null || status.isBlank() ? null
                : BugStatus.Change.of(status, ctx.formParam("note"), null), labels(label), List.of())
                .apply(db, clock.instant());
        if (!outcome.failures().isEmpty()) {
            throw new IllegalArgumentException(outcome.changed() + " changed; not changed: " + outcome.failures()
                    .stream().map(f -> "bug " + f.bug() + " (" + f.error() + ")")
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
        String back = ctx.formParam("back");
        ctx.redirect(back != null && back.startsWith("/bugs") && !back.startsWith("//") ? back : "/bugs",
                HttpStatus.SEE_OTHER);
    }

    /** A bug's labels, as the form gives them all: those not given are taken off. */
    private void labels(Context ctx) throws SQLException {
        long id = ApiRoutes.id(ctx);
        List<String> wanted = labels(ctx.formParam("labels"));
        try (Connection c = db.connection()) {
            List<String> now = BugLabels.of(c, List.of(id)).getOrDefault(id, List.of());
            if (!BugLabels.change(c, id, wanted, now.stream().filter(l -> !wanted.contains(l)).toList())) {
                throw new NotFoundResponse("No such bug.");
            }
        }
        ctx.redirect("/bugs/" + id, HttpStatus.SEE_OTHER);
    }

    private static List<String> labels(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(text.strip().split("[\\s,]+"));
    }

    private void bug(Context ctx) throws SQLException, IOException {
        long id = ApiRoutes.id(ctx);
        try (Connection c = db.connection()) {
            BugDetail bug = ApiRoutes.found(Queries.bug(c, id, maintainers));
            Map<String, Object> page = PageContext.of(ctx, access, bug.bug().title());
            page.put("bug", bug);
            page.put("counts", Html.count(bug.bug().crashes(), "crash", "crashes") + " on "
                    + Html.count(bug.bug().hostCount(), "host", "hosts"));
            page.put("otherTitles", bug.titles().stream().filter(t -> !t.equals(bug.bug().title())).toList());
            page.put("chart", Chart.of(bug.days()));
            page.put("breakdowns", bug.breakdowns().stream().map(BugPages::linked).toList());
            page.put("statuses", Html.options(BugStatus.VALUES, bug.bug().status()));
            page.put("grouped", Queries.GROUPED);
            page.put("labelText", String.join(" ", bug.bug().labels()));
            page.put("firstRelease", bug.releases().isEmpty() ? null : bug.releases().get(0).value());
            page.put("frames", frames(c, bug.sample()));
            page.put("symbolised", symbols.available());
            ctx.html(templates.render("bug", page));
        }
    }

    /** Every crash of a bug, a row each, latest first. */
    private void crashes(Context ctx) throws SQLException {
        long id = ApiRoutes.id(ctx);
        try (Connection c = db.connection()) {
            BugDetail bug = ApiRoutes.found(Queries.bug(c, id));
            PageOf<Views.Crash> crashes = Queries.crashesOfBug(c, id, bug.bug().crashes(), ApiRoutes.page(ctx),
                    BugQuery.PER_PAGE, ApiRoutes.rowId(ctx, "after"), ApiRoutes.rowId(ctx, "before"));
            Map<String, Object> page = PageContext.of(ctx, access, "Crashes of " + bug.bug().title());
            page.put("bug", bug.bug());
            page.put("crashes", crashes.items());
            page.put("pager", Html.Pager.keyset(crashes, Views.Crash::id, ""));
            ctx.html(templates.render("crashes", page));
        }
    }

    /**
     * The top frames of the bug's first crash: with their source lines when the server has debug info
     * (the crash's log analysed again, as its page does), else as they were kept.
     */
    private List<Map<String, String>> frames(Connection c, Views.Crash sample) throws SQLException, IOException {
        if (sample == null) {
            return List.of();
        }
        if (symbols.available()) {
            Optional<Views.Log> log = Queries.log(c, sample.log());
            Optional<byte[]> raw = LogStore.raw(c, sample.log());
            if (log.isPresent() && raw.isPresent()) {
                Optional<Explanation.Explained> explained = Explanation.of(log.get().name(), raw.get(), sample.report(),
                        symbols);
                if (explained.isPresent()) {
                    org.koops.model.CrashReport r = explained.get().report();
                    List<org.koops.model.Frame> frames = new java.util.ArrayList<>();
                    if (r.diagnosis().culprit() != null && r.diagnosis().culprit().frame() != null) {
                        frames.add(r.diagnosis().culprit().frame());
                    }
                    r.details().frames().stream().filter(f -> f.reliable() && f.function() != null)
                            .filter(f -> frames.stream().noneMatch(g -> g.symbolic().equals(f.symbolic())))
                            .limit(TOP_FRAMES - frames.size()).forEach(frames::add);
                    return frames.stream().map(f -> frame(f.symbolic(), f.module(), f.source())).toList();
                }
            }
        }
        return sample.frames().stream().map(f -> frame(f, f.endsWith("]") && f.contains(" [")
                ? f.substring(f.lastIndexOf(" [") + 2, f.length() - 1) : null, null)).toList();
    }

    private static Map<String, String> frame(String frame, String module, String source) {
        Map<String, String> row = new HashMap<>();
        row.put("frame", frame);
        row.put("module", module == null ? "" : module);
        row.put("source", source);
        return row;
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
            if (!BugStatus.change(c, id, new BugStatus.Change(String.valueOf(ctx.formParam("status")),
                    ctx.formParam("note"), original, ctx.formParam("fix_commit"), ctx.formParam("fix_release"),
                    ctx.formParam("fix_link")), clock.instant())) {
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
