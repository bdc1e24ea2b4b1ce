package org.koops.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the queued webhook deliveries: a POST of the event's JSON with {@code X-Koops-Event},
 * {@code X-Koops-Delivery} (the delivery's id, the same on every retry) and, with a secret,
 * {@code X-Koops-Signature: sha256=HEX}, the HMAC-SHA256 of the body under the secret. A 2xx answer
 * delivers it; anything else is retried after {@link Webhooks#firstRetry}, doubled each time up to an
 * hour, {@link #ATTEMPTS} times in all. Instances sharing a database each claim a delivery before
 * sending it, so that one sends it. When the server stops, the delivery under way is abandoned at once
 * (a receiver may take 20 s to answer) and stays queued as it was, for the next start.
 */
final class WebhookSender {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    static final int ATTEMPTS = 10;
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration LONGEST_WAIT = Duration.ofHours(1);
    private static final int BATCH = 50;

    private final Database db;
    private final Webhooks webhooks;
    private final Clock clock;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private volatile boolean stopping;
    /** The request under way, cancelled when the server stops. */
    private volatile CompletableFuture<HttpResponse<Void>> sending;

    WebhookSender(Database db, Webhooks webhooks, Clock clock) {
        this.db = db;
        this.webhooks = webhooks;
        this.clock = clock;
    }

    /** A delivery due now. */
    private record Due(long id, String url, String event, String payload, int attempts, Instant next) {
    }

    /** Sends what is due; returns how many deliveries it tried. */
    int sendDue() throws SQLException {
        List<Due> due;
        try (Connection c = db.connection()) {
            due = Sql.list(c, "SELECT id, url, event, payload, attempts, next_attempt_at FROM webhook_delivery"
                    + " WHERE delivered_at IS NULL AND attempts < ? AND next_attempt_at <= ? ORDER BY next_attempt_at"
                    + " FETCH FIRST " + BATCH + " ROWS ONLY", rs -> new Due(rs.getLong(1), rs.getString(2),
                    rs.getString(3), rs.getString(4), rs.getInt(5), Sql.instant(rs, "next_attempt_at")), ATTEMPTS,
                    clock.instant());
        }
        int tried = 0;
        for (Due d : due) {
            if (stopping) {
                break;
            }
            try (Connection c = db.connection()) {
                // The claim: another instance that read the same row finds it moved and leaves it.
                if (Sql.update(c, "UPDATE webhook_delivery SET next_attempt_at = ? WHERE id = ? AND next_attempt_at = ?"
                        + " AND delivered_at IS NULL", clock.instant().plus(LEASE), d.id(), d.next()) == 0) {
                    continue;
                }
            }
            String error = send(d);
            tried++;
            try (Connection c = db.connection()) {
                Instant now = clock.instant();
                if (error != null && stopping) {
                    // Not the receiver's failure: the claim is given back and the attempt not counted.
                    Sql.update(c, "UPDATE webhook_delivery SET next_attempt_at = ? WHERE id = ?", d.next(), d.id());
                    break;
                }
                if (error == null) {
                    Sql.update(c, "UPDATE webhook_delivery SET delivered_at = ?, attempts = ?, last_error = NULL"
                            + " WHERE id = ?", now, d.attempts() + 1, d.id());
                } else {
                    Duration wait = webhooks.firstRetry().multipliedBy(1L << Math.min(20, d.attempts()));
                    Sql.update(c, "UPDATE webhook_delivery SET attempts = ?, next_attempt_at = ?, last_error = ?"
                            + " WHERE id = ?", d.attempts() + 1, now.plus(wait.compareTo(LONGEST_WAIT) > 0
                            ? LONGEST_WAIT : wait), CrashFacts.cut(error, 1000), d.id());
                    if (d.attempts() + 1 == ATTEMPTS) {
                        LOG.warn("gave up sending webhook delivery {} to {}: {}", d.id(), d.url(), error);
                    }
                }
            }
        }
        return tried;
    }

    /** Sends one delivery; {@code null} when it was taken, else why not. */
    private String send(Due d) {
        byte[] body = d.payload().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(d.url())).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("User-Agent", "koops-webhook")
                .header("X-Koops-Event", d.event())
                .header("X-Koops-Delivery", String.valueOf(d.id()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (webhooks.secret() != null) {
            request.header("X-Koops-Signature", "sha256=" + signature(webhooks.secret(), body));
        }
        CompletableFuture<HttpResponse<Void>> response = client.sendAsync(request.build(),
                HttpResponse.BodyHandlers.discarding());
        sending = response;
        if (stopping) { // stop() may have looked before this request was there
            response.cancel(true);
        }
        try {
            int status = response.get().statusCode();
            return status / 100 == 2 ? null : "HTTP " + status;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        } catch (CancellationException e) {
            return "stopped";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            sending = null;
        }
    }

    /** The server is stopping: no delivery is started, and the one under way is abandoned. */
    void stop() {
        stopping = true;
        CompletableFuture<HttpResponse<Void>> request = sending;
        if (request != null) {
            request.cancel(true);
        }
    }

    /** HMAC-SHA256 of {@code body} under {@code secret}, in lower-case hex: what a receiver recomputes. */
    static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e); // every JDK has HmacSHA256; any key bytes do
        }
    }
}
