package org.koops.server;

import java.time.Instant;
import java.util.List;

import io.javalin.http.Context;
import org.koops.server.Views.BugSummary;

/**
 * The newest bugs as an Atom feed (RFC 4287), for feed readers and chat bots: an entry per bug, newest
 * first, with the bug list's filters ({@code /bugs.atom?module=ext4}). Every value is escaped as XML.
 */
final class AtomFeed {
    private AtomFeed() {
    }

    static String of(List<BugSummary> bugs, String base, String self, Instant now) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
        xml.append("<title>koops: new bugs</title>\n");
        xml.append("<id>").append(escape(base + "/bugs.atom")).append("</id>\n");
        xml.append("<link rel=\"self\" href=\"").append(escape(self)).append("\"/>\n");
        xml.append("<link rel=\"alternate\" type=\"text/html\" href=\"").append(escape(base + "/bugs"))
                .append("\"/>\n");
        Instant updated = bugs.stream().map(BugSummary::firstSeen).max(Instant::compareTo).orElse(now);
        xml.append("<updated>").append(updated).append("</updated>\n");
        for (BugSummary b : bugs) {
            String url = base + "/bugs/" + b.id();
            xml.append("<entry>\n<id>").append(escape(url)).append("</id>\n");
            xml.append("<title>").append(escape(b.title())).append("</title>\n");
            xml.append("<link href=\"").append(escape(url)).append("\"/>\n");
            xml.append("<published>").append(b.firstSeen()).append("</published>\n");
            xml.append("<updated>").append(b.lastSeen()).append("</updated>\n");
            xml.append("<author><name>koops</name></author>\n");
            xml.append("<summary>").append(escape(b.kindText() + ", " + b.status() + ": "
                    + Html.count(b.crashes(), "crash", "crashes") + " on " + Html.count(b.hostCount(), "host", "hosts")
                    + (b.culpritFunction() == null ? "" : "; culprit " + b.culpritFunction()
                    + (b.culpritModule() == null ? "" : " in " + b.culpritModule()))))
                    .append("</summary>\n</entry>\n");
        }
        return xml.append("</feed>\n").toString();
    }

    /** The address people reach this server by: the proxy's scheme and host when it says them. */
    static String base(Context ctx) {
        String host = ctx.header("X-Forwarded-Host");
        return (Cookies.overTls(ctx) ? "https" : ctx.scheme()) + "://"
                + (host != null ? host.split(",", 2)[0].strip() : ctx.host());
    }

    /** XML text and attribute values: the five special characters, and no control character XML forbids. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' ? '?' : ch);
            }
        }
        return out.toString();
    }
}
