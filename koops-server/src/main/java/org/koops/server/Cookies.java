package org.koops.server;

import io.javalin.http.Context;

/**
 * The server's two cookies, both {@code HttpOnly} so that no script can read them, and {@code Secure}
 * when the browser reached the server over TLS (directly or through a proxy that says so in
 * {@code X-Forwarded-Proto}): the session, and the CSRF value of a browser without a session.
 *
 * <p>Every form carries a CSRF value that the server checks. With a session, the value is derived from
 * the session id, which only the browser holding the session cookie has: another site can make a
 * browser send the cookie, not read it, and a value planted in a cookie by another site (through a
 * sibling domain) does not match another session. Without a session (the login form), the value is a
 * random cookie that the form repeats (double submit).
 */
final class Cookies {
    static final String SESSION = "koops_session";
    static final String CSRF = "koops_csrf";

    private Cookies() {
    }

    static void set(Context ctx, String name, String value, long maxAgeSeconds) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Lax" + (overTls(ctx) ? "; Secure" : ""));
    }

    static void clear(Context ctx, String name) {
        set(ctx, name, "", 0);
    }

    /** Whether the browser reached the server over TLS: the first proxy's {@code X-Forwarded-Proto} counts. */
    static boolean overTls(Context ctx) {
        String forwarded = ctx.header("X-Forwarded-Proto");
        return "https".equals(ctx.scheme())
                || forwarded != null && forwarded.split(",", 2)[0].strip().equalsIgnoreCase("https");
    }

    /** The CSRF value of this browser's forms: its session's, or a cookie set now if it has neither. */
    static String csrf(Context ctx) {
        String value = ctx.attribute(CSRF);
        if (value == null) {
            value = ofSession(ctx);
            if (value == null) {
                value = ctx.cookie(CSRF);
                if (value == null || value.length() < 40) {
                    value = Secrets.create("");
                    set(ctx, CSRF, value, 365L * 24 * 3600);
                }
            }
            ctx.attribute(CSRF, value);
        }
        return value;
    }

    /** Whether a form carries this browser's CSRF value. */
    static boolean csrfMatches(Context ctx, String formValue) {
        String session = ofSession(ctx);
        return Secrets.same(session != null ? session : ctx.cookie(CSRF), formValue);
    }

    /** The CSRF value of the session this browser sends, or {@code null} without one. */
    private static String ofSession(Context ctx) {
        String session = ctx.cookie(SESSION);
        return session == null || session.isEmpty() ? null : Secrets.hash("csrf " + session);
    }
}
