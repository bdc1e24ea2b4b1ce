package org.koops.server;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * What the server tells other systems, as JSON POSTs: a new bug, a regression (a fixed bug crashing
 * again), a bug crossing its daily rate. An event is written to {@code webhook_delivery}, one row per
 * URL, in the transaction that makes it happen, so that it is sent once that is committed and not lost
 * if the server dies; {@link WebhookSender} sends and retries it.
 *
 * @param urls         where to send events; empty for none
 * @param secret       the key of the {@code X-Koops-Signature} HMAC, or {@code null} to send unsigned
 * @param dailyCrashes a bug crossing this many crashes in a day (UTC) is an event; 0 for never
 * @param firstRetry   the wait before the first retry of a failed delivery, doubled at each further one
 * @param publicUrl    the server's address as people reach it, for the links in events
 *                     ({@code https://crashes.example}), without a trailing slash
 */
record Webhooks(List<URI> urls, String secret, int dailyCrashes, Duration firstRetry, String publicUrl) {
    static final Webhooks NONE = new Webhooks(List.of(), null, 0, Duration.ofSeconds(30), "http://127.0.0.1:8080");

    /** The events, by the name sent in {@code "event"} and {@code X-Koops-Event}. */
    enum Event {
        NEW_BUG("new-bug"), REGRESSION("regression"), RATE("rate");

        final String id;

        Event(String id) {
            this.id = id;
        }
    }

    boolean enabled() {
        return !urls.isEmpty();
    }

    /** Queues an event about a bug for every URL, in the caller's transaction; the bug as it is now. */
    void enqueue(Connection c, Event event, long bug, String detail, Instant now) throws SQLException {
        if (!enabled()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event.id);
        body.put("time", now.toString());
        body.put("detail", detail);
        Map<String, Object> about = Sql.one(c, "SELECT id, title, kind, status, crash_count, host_count, first_seen,"
                + " last_seen, culprit_function, culprit_module FROM bug WHERE id = ?", rs -> {
                    Map<String, Object> b = new LinkedHashMap<>();
                    b.put("id", rs.getLong("id"));
                    b.put("title", rs.getString("title"));
                    b.put("kind", rs.getString("kind"));
                    b.put("status", rs.getString("status"));
                    b.put("crashes", rs.getLong("crash_count"));
                    b.put("hosts", rs.getInt("host_count"));
                    b.put("firstSeen", String.valueOf(Sql.instant(rs, "first_seen")));
                    b.put("lastSeen", String.valueOf(Sql.instant(rs, "last_seen")));
                    b.put("culpritFunction", rs.getString("culprit_function"));
                    b.put("culpritModule", rs.getString("culprit_module"));
                    b.put("url", publicUrl + "/bugs/" + rs.getLong("id"));
                    return b;
                }, bug).orElseThrow();
        body.put("bug", about);
        String payload;
        try {
            payload = WebServer.JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // maps of strings and numbers always serialise
        }
        for (URI url : urls) {
            Sql.update(c, "INSERT INTO webhook_delivery (url, event, bug_id, payload, created_at, attempts,"
                    + " next_attempt_at) VALUES (?, ?, ?, ?, ?, 0, ?)", url.toString(), event.id, bug,
                    CrashFacts.cut(payload, 8000), now, now);
        }
    }
}
