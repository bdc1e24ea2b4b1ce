package org.koops.server;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ConflictResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import org.koops.server.Views.BugDetail;
import org.koops.server.Views.Crash;
import org.koops.server.Views.Log;

/**
 * The JSON API under {@code /api/v1}: everything the pages show, and the two writes, submitting a log
 * and changing a bug's status (README of koops-server lists the routes).
 */
final class ApiRoutes {
    private final Database db;
    private final Ingestor ingestor;
    private final Symbols symbols;
    private final Clock clock;
    private final Intake intake;
    private final AnalysisLimits limits;
    private final Maintainers maintainers;

    ApiRoutes(Database db, Ingestor ingestor, Symbols symbols, Clock clock, Intake intake, AnalysisLimits limits,
              Maintainers maintainers) {
        this.db = db;
        this.maintainers = maintainers;
        this.limits = limits;
        this.symbols = symbols;
        this.ingestor = ingestor;
        this.clock = clock;
        this.intake = intake;
    }

    void register(Javalin app) {
        app.get("/api/v1/health", ctx -> ctx.json(Map.of("status", "ok")));
        app.post("/api/v1/logs", this::submit, Permission.SUBMIT);
        app.get("/api/v1/logs", this::logs, Permission.READ);
        app.get("/api/v1/logs/{id}", this::log, Permission.READ);
        app.get("/api/v1/logs/{id}/raw", this::raw, Permission.READ);
        app.post("/api/v1/logs/{id}/analyse", this::analyseAgain, Permission.TRIAGE);
        app.get("/api/v1/bugs", this::bugs, Permission.READ);
        app.get("/api/v1/bugs/{id}", this::bug, Permission.READ);
        app.get("/api/v1/bugs/{id}/crashes", this::crashes, Permission.READ);
        app.post("/api/v1/bugs/{id}/status", this::status, Permission.TRIAGE);
        app.post("/api/v1/bugs/{id}/labels", this::labels, Permission.TRIAGE);
        app.post("/api/v1/bugs/bulk", this::bulk, Permission.TRIAGE);
        app.get("/api/v1/crashes/{id}", this::crash, Permission.READ);
    }

    /**
     * {@code POST /api/v1/logs?name=&host=&time=&tag=}: the body is the log. 201 with the crashes it
     * became; 200 when the same log was sent before (nothing is added); 202 when that earlier
     * submission is still being analysed. A long analysis sends its 201 early ({@link KeepAlive}).
     */
    private void submit(Context ctx) throws IOException, SQLException {
        Ingestor.Receipt receipt;
        KeepAlive keepAlive = new KeepAlive(ctx.res(), limits);
        try (Intake.Body body = intake.read(ctx.req().getInputStream(), ctx.req().getContentLengthLong())) {
            receipt = ingestor.ingest(Submission.of(ctx.queryParam("name"), ctx.queryParam("host"),
                    ctx.queryParam("time"), ctx.queryParams("tag"), body.bytes()), keepAlive);
        }
        if (keepAlive.started()) {
            ctx.res().getOutputStream().write(WebServer.JSON.writeValueAsBytes(receipt));
            return;
        }
        ctx.status(!receipt.duplicate() ? HttpStatus.CREATED
                : receipt.state().equals("pending") ? HttpStatus.ACCEPTED : HttpStatus.OK);
        ctx.json(receipt);
    }

    private void logs(Context ctx) throws SQLException {
        try (Connection c = db.connection()) {
            ctx.json(Queries.logs(c, LogPages.state(ctx.queryParam("state")), page(ctx), perPage(ctx),
                    rowId(ctx, "after"), rowId(ctx, "before")));
        }
    }

    private void log(Context ctx) throws SQLException {
        long id = id(ctx);
        try (Connection c = db.connection()) {
            Log log = found(Queries.log(c, id));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("log", log);
            body.put("crashes", Queries.crashesOfLog(c, id));
            ctx.json(body);
        }
    }

    /** A failed log analysed again: the log with its crashes, as {@code GET /api/v1/logs/ID} answers. */
    private void analyseAgain(Context ctx) throws SQLException {
        long id = id(ctx);
        try (Connection c = db.connection()) {
            found(Queries.log(c, id));
        }
        if (!ingestor.reanalyse(id)) {
            throw new ConflictResponse("Only a failed log can be analysed again.");
        }
        log(ctx);
    }

    /** The log's bytes exactly as they were sent, compressed or not. */
    private void raw(Context ctx) throws SQLException {
        long id = id(ctx);
        try (Connection c = db.connection()) {
            Optional<byte[]> kept = LogStore.raw(c, id);
            if (kept.isEmpty() && Queries.log(c, id).isPresent()) {
                throw new io.javalin.http.HttpResponseException(HttpStatus.GONE.getCode(),
                        "The log's bytes were deleted by the retention rule (koops serve --keep-logs-days, --keep-logs-size).");
            }
            byte[] raw = found(kept);
            ctx.header("Content-Disposition", "attachment; filename=\"log-" + id + "\"");
            ctx.contentType("application/octet-stream").result(raw);
        }
    }

    private void bugs(Context ctx) throws SQLException {
        try (Connection c = db.connection()) {
            ctx.json(Queries.bugs(c, BugQuery.from(ctx::queryParam, ctx.queryParamMap().keySet())));
        }
    }

    private void bug(Context ctx) throws SQLException {
        try (Connection c = db.connection()) {
            ctx.json(found(Queries.bug(c, id(ctx), maintainers)));
        }
    }

    private void crashes(Context ctx) throws SQLException {
        try (Connection c = db.connection()) {
            BugDetail bug = found(Queries.bug(c, id(ctx)));
            ctx.json(Queries.crashesOfBug(c, bug.bug().id(), bug.bug().crashes(), page(ctx), perPage(ctx),
                    rowId(ctx, "after"), rowId(ctx, "before")));
        }
    }

    /**
     * {@code {"status": "fixed", "note": "...", "duplicateOf": null, "fixCommit": "1a2b3c", "fixRelease":
     * "6.1.0-28-amd64", "fixLink": "https://..."}}.
     */
    private void status(Context ctx) throws SQLException {
        BugStatus.Change change;
        try {
            change = WebServer.JSON.readValue(ctx.body(), BugStatus.Change.class);
        } catch (JsonProcessingException e) {
            throw new BadRequestResponse("The body must be JSON: {\"status\": \"fixed\", \"note\": \"...\"}.");
        }
        long id = id(ctx);
        try (Connection c = db.connection()) {
            if (change.status() == null || !BugStatus.change(c, id, change, clock.instant())) {
                throw new NotFoundResponse(change.status() == null ? "No status given." : "No such bug.");
            }
            ctx.json(found(Queries.bug(c, id, maintainers)));
        }
    }

    /** The body of a change of labels: {@code {"add": ["team-fs"], "remove": ["needs-repro"]}}. */
    record LabelChange(List<String> add, List<String> remove) {
    }

    private void labels(Context ctx) throws SQLException {
        LabelChange change = body(ctx, LabelChange.class, "{\"add\": [\"team-fs\"], \"remove\": []}");
        long id = id(ctx);
        try (Connection c = db.connection()) {
            if (!BugLabels.change(c, id, change.add() == null ? List.of() : change.add(),
                    change.remove() == null ? List.of() : change.remove())) {
                throw new NotFoundResponse("No such bug.");
            }
            ctx.json(found(Queries.bug(c, id, maintainers)));
        }
    }

    /**
     * {@code {"bugs": [3, 7], "status": {"status": "invalid", "note": "..."}, "addLabels": [], "removeLabels": []}}:
     * {@code {"changed", "failures": [{"bug", "error"}]}}.
     */
    private void bulk(Context ctx) throws SQLException {
        BulkTriage bulk = body(ctx, BulkTriage.class, "{\"bugs\": [3, 7], \"addLabels\": [\"team-fs\"]}");
        ctx.json(bulk.apply(db, clock.instant()));
    }

    private static <T> T body(Context ctx, Class<T> type, String example) {
        try {
            return WebServer.JSON.readValue(ctx.body(), type);
        } catch (JsonProcessingException e) {
            throw new BadRequestResponse("The body must be JSON such as " + example + ".");
        }
    }

    /** The crash with the full explanation: {@code koops explain} text and JSON (docs/json.md). */
    private void crash(Context ctx) throws SQLException, IOException {
        try (Connection c = db.connection()) {
            Crash crash = found(Queries.crash(c, id(ctx)));
            Log log = found(Queries.log(c, crash.log()));
            Optional<byte[]> raw = LogStore.raw(c, crash.log()); // none once the retention rule deleted it
            Optional<Explanation.Explained> explained = raw.isEmpty() ? Optional.empty()
                    : Explanation.of(log.name(), raw.get(), crash.report(), symbols);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("crash", crash);
            body.put("text", explained.map(Explanation.Explained::text).orElse(null));
            body.put("report", explained.map(Explanation.Explained::json).orElse(null));
            ctx.json(body);
        }
    }

    static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("No such page.");
        }
    }

    static <T> T found(Optional<T> value) {
        return value.orElseThrow(() -> new NotFoundResponse("Not found."));
    }

    static int page(Context ctx) {
        return BugQuery.number("page", ctx.queryParam("page"), 1, Integer.MAX_VALUE, 1);
    }

    /** The id of a crash or a log given as {@code name} ({@code after=123}), or {@code null}. */
    static Long rowId(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, not " + value);
        }
    }

    static int perPage(Context ctx) {
        return BugQuery.number("per_page", ctx.queryParam("per_page"), 1, BugQuery.MAX_PER_PAGE, BugQuery.PER_PAGE);
    }
}
