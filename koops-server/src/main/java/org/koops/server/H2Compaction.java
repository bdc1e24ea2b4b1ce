package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Keeps an embedded H2 database's chunks mostly live, doing the compaction of H2's background thread,
 * which {@code WRITE_DELAY=0} (each commit written before it returns, {@link Database}) stops. H2 writes
 * each commit as a new chunk of the pages it changed and reuses a chunk's space once none of its pages
 * is live; a chunk that keeps a few live pages among dead ones would keep its space forever. Such chunks
 * are rewritten here, a bounded amount at each turn. (A fill of 100,000 crashes left chunks 68% live in a
 * file of 315 MB; one turn made them 90% live. The space freed is reused by later writes; the file
 * shrinks only when the database is closed, for at most H2's 200 ms, or with {@code SHUTDOWN COMPACT}.)
 */
final class H2Compaction {
    /** Chunks with fewer live bytes than this percentage are rewritten: H2's own default for its thread. */
    static final int FILL_RATE = 90;
    /** What one compaction step writes at most. */
    private static final int STEP_BYTES = 16 << 20;
    /** Steps at most a turn: the writer waits for the store's lock while a step writes. */
    private static final int MAX_STEPS = 4;

    private H2Compaction() {
    }

    /**
     * One turn: the steps of rewriting taken, 0 when there was nothing to rewrite or the database is not an
     * H2 file this process holds (PostgreSQL, or H2 reached through another process's server).
     */
    static int run(Database db) throws SQLException {
        if (db.vendor() != Database.Vendor.H2) {
            return 0;
        }
        try (Connection c = db.connection()) {
            MVStore store = storeOf(c);
            int steps = 0;
            while (store != null && steps < MAX_STEPS && store.compact(FILL_RATE, STEP_BYTES)) {
                store.commit(); // writes the pages moved, so that the chunks they left can be dropped
                steps++;
            }
            return steps;
        }
    }

    /** The store behind an embedded H2 connection, or {@code null}. */
    static MVStore storeOf(Connection c) throws SQLException {
        if (c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local
                && local.getDatabase().getStore() != null && local.getDatabase().isPersistent()) {
            return local.getDatabase().getStore().getMvStore();
        }
        return null;
    }
}
