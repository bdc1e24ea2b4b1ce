package org.koops.server;

import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@code koops serve}: the database, the write queue, the web server, the recovery of pending
 * logs, and the chores: sending webhook deliveries, applying the retention rule, compacting an H2 file's chunks.
 */
final class KoopsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KoopsServer.class);
    /** Logs left pending by an instance that died are picked up this often by the others. */
    private static final long RECOVERY_MINUTES = 1;
    /** Queued webhook deliveries are looked for this often. */
    private static final long WEBHOOK_MILLIS = 1000;
    /** The retention rule is applied when the server starts, then this often. */
    private static final long RETENTION_MINUTES = 60;
    /** An H2 file's mostly dead chunks are compacted this often ({@link H2Compaction}). */
    private static final long COMPACTION_SECONDS = 10;

    private final Database db;
    private final String dbUrl;
    private final Ingestor ingestor;
    private final WriteQueue writes;
    private final Javalin app;
    private final ScheduledExecutorService recovery;
    private final ScheduledExecutorService chores;
    private final Symbols symbols;
    /** Sends the webhooks' deliveries, or {@code null} without webhooks. */
    private final WebhookSender sender;

    private KoopsServer(Database db, String dbUrl, Ingestor ingestor, WriteQueue writes, Javalin app,
                        ScheduledExecutorService recovery, ScheduledExecutorService chores, Symbols symbols,
                        WebhookSender sender) {
        this.chores = chores;
        this.sender = sender;
        this.db = db;
        this.dbUrl = dbUrl;
        this.ingestor = ingestor;
        this.symbols = symbols;
        this.writes = writes;
        this.app = app;
        this.recovery = recovery;
    }

    static KoopsServer start(ServerConfig config, Clock clock) {
        Database db = Database.open(config.dbUrl(), config.dbUser(), config.dbPassword(), 16);
        WriteQueue writes = new WriteQueue(db, config.webhooks(), clock);
        Ingestor ingestor = new Ingestor(db, writes, new BugFiler(config.mergeSimilar()), clock, config.limits());
        Symbols symbols = Symbols.of(config.debugInfo());
        Javalin app = WebServer.create(config, db, ingestor, symbols, clock).start(config.bindAddress(),
                config.port());
        ScheduledExecutorService recovery = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "koops-recovery");
            t.setDaemon(true);
            return t;
        });
        recovery.scheduleWithFixedDelay(() -> recover(ingestor), 0, RECOVERY_MINUTES, TimeUnit.MINUTES);
        ScheduledExecutorService chores = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "koops-chores");
            t.setDaemon(true);
            return t;
        });
        WebhookSender sender = config.webhooks().enabled() ? new WebhookSender(db, config.webhooks(), clock) : null;
        if (sender != null) {
            chores.scheduleWithFixedDelay(() -> chore("send webhook deliveries", sender::sendDue), WEBHOOK_MILLIS,
                    WEBHOOK_MILLIS, TimeUnit.MILLISECONDS);
        }
        if (!config.retention().keepsAll()) {
            chores.scheduleWithFixedDelay(() -> chore("apply the retention rule",
                    () -> LogRetention.apply(db, config.retention(), clock.instant(), ingestor::stopping)), 0,
                    RETENTION_MINUTES, TimeUnit.MINUTES);
        }
        if (db.vendor() == Database.Vendor.H2) {
            chores.scheduleWithFixedDelay(() -> chore("compact the database file", () -> H2Compaction.run(db)),
                    COMPACTION_SECONDS, COMPACTION_SECONDS, TimeUnit.SECONDS);
        }
        return new KoopsServer(db, config.dbUrl(), ingestor, writes, app, recovery, chores, symbols, sender);
    }

    /** A chore that may fail (the database away for a moment): it is said, and tried again at the next turn. */
    @FunctionalInterface
    private interface Chore {
        int run() throws SQLException;
    }

    private static void chore(String what, Chore chore) {
        try {
            chore.run();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("could not {}: {}", what, e.toString());
        }
    }

    private static void recover(Ingestor ingestor) {
        try {
            int n = ingestor.recover();
            if (n > 0) {
                LOG.info("analysed {} logs that were left pending", n);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("could not analyse the pending logs: {}", e.toString());
        }
    }

    int port() {
        return app.port();
    }

    Ingestor ingestor() {
        return ingestor;
    }

    String databaseUrl() {
        return dbUrl;
    }

    /** The writes committed so far and the commits they took ({@link WriteQueue#committed}). */
    long[] committed() {
        return writes.committed();
    }

    Database database() {
        return db;
    }

    /**
     * Stops taking requests, ends the analyses under way (their logs stay pending, for the next start) and
     * the webhook delivery under way (it stays queued), finishes the queued writes, closes the database.
     */
    @Override
    public void close() {
        ingestor.stop();
        if (sender != null) {
            sender.stop();
        }
        app.stop();
        recovery.shutdown(); // no interrupt: H2 closes its files when a thread is interrupted during a write
        chores.shutdown();
        try {
            recovery.awaitTermination(1, TimeUnit.MINUTES);
            chores.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writes.close();
        db.close();
        symbols.close();
    }
}
