package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** Logging in with a token (a person pastes it once; a session cookie remembers it) and out. */
final class LoginPages {
    private final Database db;
    private final Access access;
    private final Templates templates;
    private final Clock clock;

    LoginPages(Database db, Access access, Templates templates, Clock clock) {
        this.db = db;
        this.access = access;
        this.templates = templates;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/login", ctx -> form(ctx, null));
        app.post("/login", this::login);
        app.post("/logout", this::logout);
    }

    private void form(Context ctx, String error) throws SQLException {
        Map<String, Object> page = PageContext.of(ctx, access, "Log in");
        page.put("next", next(ctx.queryParam("next") != null ? ctx.queryParam("next") : ctx.formParam("next")));
        page.put("error", error);
        ctx.html(templates.render("login", page));
    }

    private void login(Context ctx) throws SQLException {
        Optional<Tokens.Token> token;
        try (Connection c = db.connection()) {
            token = Tokens.verify(c, String.valueOf(ctx.formParam("token")).strip());
            if (token.isPresent()) {
                String session = Sessions.open(c, token.get().id(), clock.instant());
                Cookies.set(ctx, Cookies.SESSION, session, Sessions.LIFETIME.toSeconds());
                ctx.redirect(next(ctx.formParam("next")), HttpStatus.SEE_OTHER);
                return;
            }
        }
        ctx.status(HttpStatus.UNAUTHORIZED);
        form(ctx, "This token is not valid, or it was revoked.");
    }

    private void logout(Context ctx) throws SQLException {
        try (Connection c = db.connection()) {
            Sessions.close(c, ctx.cookie(Cookies.SESSION));
        }
        Cookies.clear(ctx, Cookies.SESSION);
        ctx.redirect("/bugs", HttpStatus.SEE_OTHER);
    }

    /** Where to go after logging in: a path of this site only, never another site. */
    private static String next(String next) {
        return next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\") ? next : "/bugs";
    }
}
