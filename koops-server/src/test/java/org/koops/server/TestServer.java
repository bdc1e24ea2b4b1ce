package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;

/** A server on a free loopback port with one token of each role, for a test. */
final class TestServer implements AutoCloseable {
    final KoopsServer server;
    final Http http;
    final String admin;
    final String submitter;
    final String reader;

    private TestServer(KoopsServer server, String admin, String submitter, String reader) {
        this.server = server;
        this.http = new Http(server.port());
        this.admin = admin;
        this.submitter = submitter;
        this.reader = reader;
    }

    static TestServer start(String dbUrl) {
        return start(dbUrl, true, ServerConfig.DEFAULT_MAX_LOG_BYTES, false);
    }

    static TestServer start(String dbUrl, boolean publicRead, long maxLogBytes, boolean mergeSimilar) {
        return start(ServerConfig.builder(dbUrl).publicRead(publicRead).maxLogBytes(maxLogBytes)
                .mergeSimilar(mergeSimilar));
    }

    static TestServer start(ServerConfig.Builder config) {
        KoopsServer server = KoopsServer.start(config.build(), Clock.systemUTC());
        try (Connection c = server.database().connection()) {
            Instant now = Instant.now();
            return new TestServer(server, Tokens.create(c, "alice", Role.admin, now),
                    Tokens.create(c, "web-07", Role.submit, now), Tokens.create(c, "bob", Role.read, now));
        } catch (SQLException e) {
            server.close();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
