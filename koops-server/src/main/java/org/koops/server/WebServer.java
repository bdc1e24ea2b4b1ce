package org.koops.server;

import java.time.Clock;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side: Javalin with the pages, the API, the static style sheet, the access checks, the size
 * limit and the error responses (JSON under {@code /api/}, a page elsewhere).
 *
 * <p>Every response forbids scripts, frames and foreign resources (Content-Security-Policy): even if
 * some text from a log escaped its escaping, a browser would not run it.
 */
final class WebServer {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
                    + " frame-ancestors 'none'; base-uri 'none'",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "same-origin");
    /** The one style sheet; the pages work without it. */
    private static final byte[] STYLE = resource("koops.css");
    /** Room for the multipart envelope and fields of an upload around a log of the maximum size. */
    private static final long FORM_OVERHEAD = 1 << 20;

    private WebServer() {
    }

    static Javalin create(ServerConfig config, Database db, Ingestor ingestor, Symbols symbols, Clock clock) {
        long maxRequest = config.maxLogBytes() + FORM_OVERHEAD;
        Javalin app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.startupWatcherEnabled = false;
            c.jsonMapper(new JavalinJackson(JSON, false));
            c.http.maxRequestSize = maxRequest;
            c.jetty.multipartConfig.maxFileSize(config.maxLogBytes(), SizeUnit.BYTES);
            c.jetty.multipartConfig.maxTotalRequestSize(maxRequest, SizeUnit.BYTES);
            // Method, path, status and time only: no query string, header or body, so no token or log text.
            c.requestLogger.http((ctx, ms) -> LOG.debug("{} {} {} {} ms", ctx.method(), ctx.path(),
                    ctx.statusCode(), Math.round(ms)));
        });
        Templates templates = new Templates();
        Intake intake = Intake.forServer(config.maxLogBytes());
        Access access = new Access(db, config.publicRead(), clock);
        app.before(ctx -> {
            SECURITY_HEADERS.forEach(ctx::header);
            if (ctx.method() == HandlerType.POST && ctx.req().getContentLengthLong() > maxRequest) {
                throw new TooLarge(config.maxLogBytes());
            }
        });
        app.beforeMatched(access::check);
        app.get("/static/koops.css", ctx -> ctx.contentType("text/css; charset=utf-8")
                .header("Cache-Control", "max-age=3600").result(STYLE));
        Maintainers maintainers;
        try {
            maintainers = Maintainers.load(config.maintainers());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + config.maintainers(), e);
        }
        new ApiRoutes(db, ingestor, symbols, clock, intake, config.limits(), maintainers).register(app);
        new BugPages(db, access, templates, clock, symbols, maintainers).register(app);
        new LogPages(db, access, templates, ingestor, symbols, intake, config.maxLogBytes()).register(app);
        new LoginPages(db, access, templates, clock).register(app);
        errors(app, templates, access);
        return app;
    }

    private static void errors(Javalin app, Templates templates, Access access) {
        app.exception(TooLarge.class, (e, ctx) -> error(ctx, templates, access, HttpStatus.CONTENT_TOO_LARGE,
                e.getMessage()));
        app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, templates, access,
                HttpStatus.BAD_REQUEST, capitalised(e.getMessage())));
        app.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() / 100 == 3) {
                ctx.status(e.getStatus()); // a redirect: its Location is set
            } else {
                error(ctx, templates, access, HttpStatus.forStatus(e.getStatus()), e.getMessage());
            }
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("internal error answering {} {}", ctx.method(), ctx.path(), e);
            error(ctx, templates, access, HttpStatus.INTERNAL_SERVER_ERROR,
                    "Internal error in koops: the server's log has the details.");
        });
        app.error(HttpStatus.NOT_FOUND, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                error(ctx, templates, access, HttpStatus.NOT_FOUND, "No such page.");
            }
        });
    }

    private static void error(Context ctx, Templates templates, Access access, HttpStatus status, String message) {
        ctx.status(status);
        if (Access.isApi(ctx)) {
            ctx.json(Map.of("error", message));
            return;
        }
        try {
            Map<String, Object> page = PageContext.of(ctx, access, status.getCode() + " " + status.getMessage());
            page.put("message", message);
            ctx.html(templates.render("error", page));
        } catch (java.sql.SQLException | RuntimeException e) {
            ctx.contentType("text/plain; charset=utf-8").result(message); // the database itself is failing
        }
    }

    private static byte[] resource(String name) {
        try (java.io.InputStream in = WebServer.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String capitalised(String message) {
        return message == null || message.isEmpty() ? "Bad request."
                : Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".";
    }
}
