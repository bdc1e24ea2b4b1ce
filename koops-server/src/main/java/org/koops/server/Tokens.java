package org.koops.server;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API tokens: created with a role, stored only as a hash, revoked rather than deleted. */
final class Tokens {
    /** A token as stored: never the token itself. */
    record Token(long id, String name, Role role, Instant created, Instant revoked) {
    }

    private static final String PREFIX = "koops_";
    private static final String COLUMNS = "id, name, role, created_at, revoked_at";

    private Tokens() {
    }

    /** Creates a token and returns it: the only time it is ever seen. */
    static String create(Connection c, String name, Role role, Instant now) throws SQLException {
        String token = Secrets.create(PREFIX);
        Sql.update(c, "INSERT INTO api_token (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)",
                CrashFacts.cut(name, 200), role.name(), Secrets.hash(token), now);
        return token;
    }

    /** The live token with this value, if any. */
    static Optional<Token> verify(Connection c, String token) throws SQLException {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return Sql.one(c, "SELECT " + COLUMNS + " FROM api_token WHERE token_hash = ? AND revoked_at IS NULL",
                Tokens::token, Secrets.hash(token));
    }

    static Optional<Token> byId(Connection c, long id) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM api_token WHERE id = ? AND revoked_at IS NULL", Tokens::token,
                id);
    }

    static List<Token> list(Connection c) throws SQLException {
        return Sql.list(c, "SELECT " + COLUMNS + " FROM api_token ORDER BY id", Tokens::token);
    }

    /** Revokes a token and ends its sessions; false when there is no such live token. */
    static boolean revoke(Connection c, long id, Instant now) throws SQLException {
        Sql.update(c, "DELETE FROM web_session WHERE token_id = ?", id);
        return Sql.update(c, "UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", now, id) == 1;
    }

    private static Token token(ResultSet rs) throws SQLException {
        return new Token(rs.getLong("id"), rs.getString("name"), Role.valueOf(rs.getString("role")),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "revoked_at"));
    }
}
