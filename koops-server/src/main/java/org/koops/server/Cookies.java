package org.koops.server;

import io.javalin.http.Context;

/**
 * The server's two cookies, both {@code HttpOnly} so that no script can read them: the session, and
 * the CSRF value that every form must repeat (double-submit: another site can make a browser send the
 * cookie, but cannot read it to put it in the form).
 */
final class Cookies {
    static final String SESSION = "koops_session";
    static final String CSRF = "koops_csrf";

    private Cookies() {
    }

    static void set(Context ctx, String name, String value, long maxAgeSeconds) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Lax" + ("https".equals(ctx.scheme()) ? "; Secure" : ""));
    }

    static void clear(Context ctx, String name) {
        set(ctx, name, "", 0);
    }

    /** The CSRF value of this browser, set now if it has none; every form carries it in a hidden field. */
    static String csrf(Context ctx) {
        String value = ctx.attribute(CSRF);
        if (value == null) {
            value = ctx.cookie(CSRF);
            if (value == null || value.length() < 40) {
                value = Secrets.create("");
                set(ctx, CSRF, value, 365L * 24 * 3600);
            }
            ctx.attribute(CSRF, value);
        }
        return value;
    }

    /** Whether a form repeats this browser's CSRF cookie. */
    static boolean csrfMatches(Context ctx, String formValue) {
        return Secrets.same(ctx.cookie(CSRF), formValue);
    }
}
