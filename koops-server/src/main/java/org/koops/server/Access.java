package org.koops.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.RedirectResponse;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.security.RouteRole;

/**
 * Who may do what. The API authenticates with {@code Authorization: Bearer TOKEN}; pages with the
 * session cookie of a login. A form only counts when it repeats the CSRF cookie, and an API request
 * that changes anything only counts with a bearer token, never with a cookie a browser sends by itself.
 */
final class Access {
    private static final String CALLER = "koops.caller";
    private static final String BEARER = "Bearer ";

    private final Database db;
    private final boolean publicRead;
    private final Clock clock;

    Access(Database db, boolean publicRead, Clock clock) {
        this.db = db;
        this.publicRead = publicRead;
        this.clock = clock;
    }

    /** Before every matched route: checks the CSRF value of forms, then the permissions the route names. */
    void check(Context ctx) throws SQLException {
        boolean api = isApi(ctx);
        if (!api && ctx.method() == HandlerType.POST) {
            if (!sameOrigin(ctx)) {
                throw new ForbiddenResponse("This form was sent from another site.");
            }
            if (!Cookies.csrfMatches(ctx, ctx.formParam("csrf"))) {
                throw new ForbiddenResponse("This form has expired or was sent from another site: reload the page"
                        + " and send it again.");
            }
        }
        Caller caller = caller(ctx);
        for (RouteRole needed : ctx.routeRoles()) {
            if (!caller.may((Permission) needed)) {
                deny(ctx, caller);
            }
        }
    }

    /** The caller of this request, resolved once. */
    Caller caller(Context ctx) throws SQLException {
        Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            caller = resolve(ctx).map(t -> Caller.of(t, publicRead)).orElseGet(() -> Caller.anonymous(publicRead));
            ctx.attribute(CALLER, caller);
        }
        return caller;
    }

    private Optional<Tokens.Token> resolve(Context ctx) throws SQLException {
        String authorization = ctx.header("Authorization");
        try (Connection c = db.connection()) {
            if (authorization != null && authorization.startsWith(BEARER)) {
                return Tokens.verify(c, authorization.substring(BEARER.length()).strip());
            }
            if (isApi(ctx) && ctx.method() != HandlerType.GET) {
                return Optional.empty();
            }
            return Sessions.resolve(c, ctx.cookie(Cookies.SESSION), clock.instant());
        }
    }

    private static void deny(Context ctx, Caller caller) {
        if (isApi(ctx)) {
            if (caller.anonymous()) {
                ctx.header("WWW-Authenticate", "Bearer");
                throw new UnauthorizedResponse("This needs an API token: Authorization: Bearer TOKEN"
                        + " (koops token create).");
            }
            throw new ForbiddenResponse("The token's role does not allow this.");
        }
        if (caller.anonymous() && ctx.method() == HandlerType.GET) {
            String query = ctx.queryString();
            ctx.header("Location", "/login?next=" + URLEncoder.encode(ctx.path() + (query == null ? "" : "?" + query),
                    StandardCharsets.UTF_8));
            throw new RedirectResponse(HttpStatus.SEE_OTHER);
        }
        throw new ForbiddenResponse(caller.anonymous() ? "Log in first." : "Your token's role does not allow this.");
    }

    /**
     * Whether a form comes from a page of this server, as far as the browser says: its {@code Origin}
     * (else its {@code Referer}) names the host the request was sent to ({@code X-Forwarded-Host} behind a
     * proxy, else {@code Host}). A client that sends neither passes; the CSRF value still has to match.
     */
    static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        String source = origin != null ? origin : ctx.header("Referer");
        if (source == null) {
            return true;
        }
        String forwarded = ctx.header("X-Forwarded-Host");
        String host = forwarded != null ? forwarded.split(",", 2)[0].strip() : ctx.header("Host");
        try {
            // "null", which sandboxed frames and some redirects send, has no authority: not this site either.
            String authority = new URI(source).getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    static boolean isApi(Context ctx) {
        return ctx.path().startsWith("/api/");
    }
}
