package org.koops.server;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the crash dashboard: POST /api/v1/logs takes logs (a token is needed: koops token"
                + " create), the pages at /bugs show the bugs they became."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ServerMain.USAGE_HELP,
                ServerMain.ERROR + ":the server could not start (port taken, database not opened) or an internal error",
                "143:stopped by SIGTERM (130: by SIGINT, Ctrl-C), after ending the analyses under way"},
        footerHeading = "%nExamples:%n",
        footer = {"  koops serve                                  # http://127.0.0.1:8080/bugs, embedded database",
                "  koops serve --bind 0.0.0.0 --require-login   # on the network, reading needs a login",
                "  KOOPS_DB_PASSWORD=... koops serve --db jdbc:postgresql://db/koops --db-user koops"})
final class ServeCommand implements Callable<Integer> {
    private static final long MAX_LOG_MEGABYTES = 2000;
    private static final long MAX_EXPANDED_MEGABYTES = 1 << 20;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on; 0 for any free port"
            + " (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    String bind;

    @Mixin
    DbOptions db;

    @ArgGroup(exclusive = true)
    ReadAccess readAccess = new ReadAccess();

    @Option(names = "--max-log-size", defaultValue = "64", paramLabel = "MB",
            description = "Largest log accepted, in MB as sent (default: ${DEFAULT-VALUE}).")
    long maxLogMegabytes;

    @Option(names = "--max-expanded-size", defaultValue = "1024", paramLabel = "MB",
            description = "Largest log analysed, in MB once decompressed; a larger one is kept, marked failed"
                    + " (default: ${DEFAULT-VALUE}).")
    long maxExpandedMegabytes;

    @Option(names = "--max-analysis-seconds", defaultValue = "60", paramLabel = "SECONDS",
            description = "CPU time the analysis of one log may take; a log that needs more is kept, marked failed"
                    + " (default: ${DEFAULT-VALUE}).")
    long maxAnalysisSeconds;

    @Option(names = "--merge-similar", description = "A crash whose titles are all new joins a bug of the same"
            + " kind with the same top three frames, instead of opening a bug.")
    boolean mergeSimilar;

    @Mixin
    DebugSearchOptions debug;

    @Mixin
    TeamOptions team;

    @Spec
    CommandSpec spec;

    /** Reading is public unless {@code --require-login}. */
    static final class ReadAccess {
        @Option(names = "--public-read", description = "Anyone may read bugs, crashes and logs (the default).")
        boolean publicRead;

        @Option(names = "--require-login", description = "Reading needs a login with a token.")
        boolean requireLogin;
    }

    @Override
    public Integer call() throws Exception {
        // A log is held in memory while it is received: Java arrays stop short of 2 GB.
        if (maxLogMegabytes < 1 || maxLogMegabytes > MAX_LOG_MEGABYTES) {
            throw new ParameterException(spec.commandLine(), "--max-log-size must be 1 to " + MAX_LOG_MEGABYTES
                    + " (MB)");
        }
        if (maxExpandedMegabytes < 1 || maxExpandedMegabytes > MAX_EXPANDED_MEGABYTES) {
            throw new ParameterException(spec.commandLine(), "--max-expanded-size must be 1 to "
                    + MAX_EXPANDED_MEGABYTES + " (MB)");
        }
        if (maxAnalysisSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--max-analysis-seconds must be at least 1");
        }
        AnalysisLimits limits = AnalysisLimits.DEFAULT.withMaxExpandedBytes(maxExpandedMegabytes << 20)
                .withCpu(java.time.Duration.ofSeconds(maxAnalysisSeconds));
        String debugProblem = debug.problem();
        if (debugProblem != null) {
            throw new ParameterException(spec.commandLine(), debugProblem);
        }
        ServerConfig config;
        try {
            config = ServerConfig.builder(db.url()).listen(bind, port)
                    .dbLogin(db.user, System.getenv(DbOptions.PASSWORD_VARIABLE)).publicRead(!readAccess.requireLogin)
                    .maxLogBytes(maxLogMegabytes << 20).limits(limits).mergeSimilar(mergeSimilar)
                    .debugInfo(debug.debugInfo()).webhooks(team.webhooks(bind, port)).retention(team.retention())
                    .maintainers(team.maintainers()).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        KoopsServer server = KoopsServer.start(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "koops-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        // Tests and scripts read the port from this line when started with --port 0.
        out.println("koops: listening on http://" + bind + ":" + server.port() + "/ (database "
                + Database.redact(config.dbUrl()) + (config.publicRead() ? "" : ", login required") + ")");
        out.flush();
        stopped.await();
        return ServerMain.OK;
    }
}
