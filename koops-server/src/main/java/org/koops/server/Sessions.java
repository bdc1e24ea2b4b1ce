package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Browser sessions opened by logging in with a token. Kept in the database, under a hash of the
 * session id, so that every server instance sharing it knows them and a stolen database holds no
 * usable session.
 */
final class Sessions {
    static final Duration LIFETIME = Duration.ofDays(7);

    private Sessions() {
    }

    /** Opens a session for a token and returns its id, for the session cookie. */
    static String open(Connection c, long tokenId, Instant now) throws SQLException {
        Sql.update(c, "DELETE FROM web_session WHERE expires_at < ?", now);
        String id = Secrets.create("");
        Sql.update(c, "INSERT INTO web_session (id_hash, token_id, expires_at) VALUES (?, ?, ?)", Secrets.hash(id),
                tokenId, now.plus(LIFETIME));
        return id;
    }

    /** The live token behind a session id, if the session is open. */
    static Optional<Tokens.Token> resolve(Connection c, String id, Instant now) throws SQLException {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        Optional<Long> token = Sql.one(c, "SELECT token_id FROM web_session WHERE id_hash = ? AND expires_at > ?",
                rs -> rs.getLong(1), Secrets.hash(id), now);
        return token.isEmpty() ? Optional.empty() : Tokens.byId(c, token.get());
    }

    static void close(Connection c, String id) throws SQLException {
        if (id != null) {
            Sql.update(c, "DELETE FROM web_session WHERE id_hash = ?", Secrets.hash(id));
        }
    }
}
