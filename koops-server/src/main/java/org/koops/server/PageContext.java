package org.koops.server;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import io.javalin.http.Context;

/** What every page's template gets: its title, who is logged in, the CSRF value for its forms. */
final class PageContext {
    private PageContext() {
    }

    static Map<String, Object> of(Context ctx, Access access, String title) throws SQLException {
        Caller caller = access.caller(ctx);
        Map<String, Object> page = new HashMap<>();
        page.put("pageTitle", title);
        page.put("user", caller.name());
        page.put("csrf", Cookies.csrf(ctx));
        page.put("canSubmit", caller.may(Permission.SUBMIT));
        page.put("canTriage", caller.may(Permission.TRIAGE));
        return page;
    }
}
