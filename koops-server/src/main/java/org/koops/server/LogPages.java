package org.koops.server;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import org.koops.server.Views.Crash;
import org.koops.server.Views.Log;
import org.koops.server.Views.PageOf;

/** The crash pages, the submitted logs (failed ones included) and the upload form. */
final class LogPages {
    /** The log filters of the logs page. */
    static final List<String> STATES = List.of("all", "pending", "analysed", "failed");
    /** How much of a log a page shows; the whole log is a download. */
    private static final int EXCERPT_CHARS = 1 << 20;

    private final Database db;
    private final Access access;
    private final Templates templates;
    private final Ingestor ingestor;
    private final Symbols symbols;
    private final long maxLogBytes;
    private final Intake intake;

    LogPages(Database db, Access access, Templates templates, Ingestor ingestor, Symbols symbols, Intake intake,
             long maxLogBytes) {
        this.intake = intake;
        this.symbols = symbols;
        this.db = db;
        this.access = access;
        this.templates = templates;
        this.ingestor = ingestor;
        this.maxLogBytes = maxLogBytes;
    }

    void register(Javalin app) {
        app.get("/crashes/{id}", this::crash, Permission.READ);
        app.get("/logs", this::logs, Permission.READ);
        app.get("/logs/{id}", this::log, Permission.READ);
        app.get("/upload", this::uploadForm, Permission.SUBMIT);
        app.post("/upload", this::upload, Permission.SUBMIT);
        app.post("/logs/{id}/analyse", this::analyseAgain, Permission.TRIAGE);
    }

    /** The state filter of a request: {@code null} for all. */
    static String state(String param) {
        String state = BugQuery.choice("state", param, STATES, "all");
        return state.equals("all") ? null : state;
    }

    private void crash(Context ctx) throws SQLException, IOException {
        try (Connection c = db.connection()) {
            Crash crash = ApiRoutes.found(Queries.crash(c, ApiRoutes.id(ctx)));
            Log log = ApiRoutes.found(Queries.log(c, crash.log()));
            Optional<byte[]> raw = LogStore.raw(c, crash.log()); // none once the retention rule deleted it
            Map<String, Object> page = PageContext.of(ctx, access, crash.title());
            page.put("crash", crash);
            page.put("log", log);
            page.put("bugTitle", Queries.bug(c, crash.bug()).map(b -> b.bug().title()).orElse(null));
            Optional<Explanation.Explained> explained = raw.isEmpty() ? Optional.empty()
                    : Explanation.of(log.name(), raw.get(), crash.report(), symbols);
            page.put("explanation", explained.map(Explanation.Explained::text).orElse(null));
            page.put("report", explained.map(e -> CrashView.of(e.report())).orElse(null));
            page.put("excerpt", raw.isEmpty() ? null : Explanation.excerpt(raw.get(), EXCERPT_CHARS));
            ctx.html(templates.render("crash", page));
        }
    }

    private void logs(Context ctx) throws SQLException {
        String state = state(ctx.queryParam("state"));
        try (Connection c = db.connection()) {
            PageOf<Log> logs = Queries.logs(c, state, ApiRoutes.page(ctx), BugQuery.PER_PAGE,
                    ApiRoutes.rowId(ctx, "after"), ApiRoutes.rowId(ctx, "before"));
            Map<String, Object> page = PageContext.of(ctx, access, "Logs");
            page.put("logs", logs.items());
            page.put("states", Html.options(STATES, state == null ? "all" : state));
            page.put("pager", Html.Pager.keyset(logs, Log::id, state == null ? "" : "&state=" + state));
            ctx.html(templates.render("logs", page));
        }
    }

    private void log(Context ctx) throws SQLException, IOException {
        try (Connection c = db.connection()) {
            Log log = ApiRoutes.found(Queries.log(c, ApiRoutes.id(ctx)));
            Map<String, Object> page = PageContext.of(ctx, access, log.name());
            page.put("log", log);
            page.put("failed", log.state().equals("failed"));
            page.put("crashes", Queries.crashesOfLog(c, log.id()));
            Optional<byte[]> raw = LogStore.raw(c, log.id());
            page.put("excerpt", raw.isEmpty() ? null : Explanation.excerpt(raw.get(), EXCERPT_CHARS));
            ctx.html(templates.render("log", page));
        }
    }

    private void uploadForm(Context ctx) throws SQLException {
        Map<String, Object> page = PageContext.of(ctx, access, "Submit a log");
        page.put("limit", TooLarge.megabytes(maxLogBytes));
        ctx.html(templates.render("upload", page));
    }

    private void analyseAgain(Context ctx) throws SQLException {
        long id = ApiRoutes.id(ctx);
        if (!ingestor.reanalyse(id)) {
            throw new IllegalArgumentException("only a failed log can be analysed again");
        }
        ctx.redirect("/logs/" + id, HttpStatus.SEE_OTHER);
    }

    /** The form's file goes the same way as an API submission; then the log's page. */
    private void upload(Context ctx) throws SQLException, IOException {
        UploadedFile file = ctx.uploadedFile("log");
        if (file == null) {
            throw new IllegalArgumentException("choose a log file to send");
        }
        String tags = ctx.formParam("tags");
        Ingestor.Receipt receipt;
        try (Intake.Body body = intake.read(file.content(), file.size())) {
            receipt = ingestor.ingest(Submission.of(file.filename(), ctx.formParam("host"), ctx.formParam("time"),
                    tags == null || tags.isBlank() ? List.of() : List.of(tags.strip().split("[\\s,]+")),
                    body.bytes()), Analysis.SERVER); // its answer is a redirect, which cannot be sent early
        }
        ctx.redirect("/logs/" + receipt.log(), HttpStatus.SEE_OTHER);
    }
}
