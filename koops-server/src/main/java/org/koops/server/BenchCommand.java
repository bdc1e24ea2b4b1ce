package org.koops.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The server's benchmark, on a new H2 database in a temporary directory (loopback HTTP only):
 *
 * <ol>
 * <li>ingestion: {@code --clients} clients submit the given logs, each copy made unique by a first
 * line and sent for one of {@code --hosts} machines in turn, for {@code --seconds} after a warm-up
 * of at least {@code --warmup} seconds that lasts until the JIT compilers are done (their work is a
 * start-up cost); reported as logs and crash reports acknowledged per second (each acknowledged only
 * once durably committed), and as CPU time per report, the server's apart from the clients';
 * <li>pages: {@code --crashes} synthetic crashes over {@code --bugs} bugs written directly to a second
 * database, then the bug list (default, sorted, searched, filtered), the largest bug's page,
 * random bug pages and the last page of the largest bug's crashes (by its number, and by the link of the
 * page before it, from its last crash), each requested {@code --requests} times by one client: p50, p95, p99.
 * </ol>
 *
 * <pre>{@code java -jar koops-server/target/koops-server.jar bench-server samples/null-deref-proc-read.log}</pre>
 */
@Command(name = "bench-server", mixinStandardHelpOptions = true,
        description = "Measures sustained ingestion and page latency on an embedded database (docs/server.md).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ServerMain.OK + ":measured", ServerMain.USAGE_HELP, ServerMain.ERROR_HELP},
        footerHeading = "%nExamples:%n",
        footer = {"  koops bench-server samples/null-deref-proc-read.log",
                "  koops bench-server --seconds 10 --warmup 5 crash1.log crash2.log"})
final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "LOG", arity = "1..*", description = "Logs to submit, over and over.")
    List<Path> logs;

    @Option(names = "--seconds", defaultValue = "30", 
            description = "Measured ingestion time (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "15", 
            description = "Shortest ingestion warm-up, not measured (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--max-warmup", defaultValue = "600",
            description = "Longest warm-up: after --warmup, it lasts until the JIT compilers are done"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxWarmup;

    @Option(names = "--clients", defaultValue = "8", description = "Concurrent submitters (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--hosts", defaultValue = "1000",
            description = "Machines the submissions come from, in turn (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--crashes", defaultValue = "1000000", 
            description = "Synthetic crashes for the page test (default: ${DEFAULT-VALUE}).")
    int crashes;

    @Option(names = "--bugs", defaultValue = "10000", description = "Synthetic bugs (default: ${DEFAULT-VALUE}).")
    int bugs;

    @Option(names = "--requests", defaultValue = "300", 
            description = "Requests per page kind (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--pages-db", paramLabel = "URL", description = "Database of the page test; filled only when"
            + " it holds no bug, so that runs can share it (default: a new one).")
    String pagesDb;

    @Option(names = "--ingest-db", paramLabel = "URL", description = "Database of the ingestion test, such as"
            + " jdbc:postgresql://localhost/koops_bench (default: a new H2 database).")
    String ingestDb;

    @Option(names = "--skip-ingest", description = "Only the page test.")
    boolean skipIngest;

    @Option(names = "--skip-pages", description = "Only the ingestion test.")
    boolean skipPages;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // Every client keeps its connection between requests (the JDK keeps 5 a server by default).
        System.setProperty("http.maxConnections", Integer.toString(Math.max(5, clients)));
        Path dir = Files.createTempDirectory("koops-bench");
        out.printf("koops bench-server: %d cores, %d MB heap, databases in %s (deleted at the end)%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, dir);
        try {
            if (!skipIngest) {
                ingestion(out, dir.resolve("ingest"));
            }
            if (!skipPages) {
                pages(out, dir.resolve("pages"));
            }
        } finally {
            delete(dir); // hundreds of MB; --pages-db keeps a filled database for later runs
        }
        out.flush();
        return ServerMain.OK;
    }

    private static void delete(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void ingestion(PrintWriter out, Path dir) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (Path p : logs) {
            bodies.add(Files.readAllBytes(p));
        }
        String nonce = Long.toHexString(System.nanoTime()); // new logs even in a database of an earlier run
        try (KoopsServer server = server(ingestDb != null ? ingestDb : "jdbc:h2:file:" + dir.resolve("koops"))) {
            out.printf("ingestion database: %s%n", Database.redact(server.databaseUrl()));
            String token = token(server);
            AtomicLong sent = new AtomicLong();
            AtomicLong logsDone = new AtomicLong();
            AtomicLong reports = new AtomicLong();
            List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
            AtomicLong end = new AtomicLong(Long.MAX_VALUE);
            ExecutorService pool = Executors.newFixedThreadPool(clients, clientThreads());
            for (int i = 0; i < clients; i++) {
                pool.execute(() -> {
                    while (System.nanoTime() < end.get()) {
                        long n = sent.incrementAndGet();
                        byte[] log = unique(bodies.get((int) (n % bodies.size())), nonce + " " + n);
                        long t0 = System.nanoTime();
                        URI uri = URI.create(base(server) + "/api/v1/logs?host=host-" + n % hosts);
                        Answer r = send(uri, token, log);
                        long t1 = System.nanoTime();
                        if (t0 >= measureFrom.get() && t1 <= end.get() && r.status() == 201) {
                            logsDone.incrementAndGet();
                            reports.addAndGet(count(r.body(), "\"crash\":"));
                            latencies.add(t1 - t0);
                        }
                    }
                });
            }
            long warmupStart = System.nanoTime();
            boolean jitDone = BenchCpu.warmUp(warmup, maxWarmup);
            long warmedUp = Math.round((System.nanoTime() - warmupStart) / 1e9);
            BenchCpu cpu = new BenchCpu(databaseProcesses(server));
            long[] committedBefore = server.committed();
            long start = System.nanoTime();
            end.set(start + TimeUnit.SECONDS.toNanos(seconds));
            measureFrom.set(start);
            cpu.measure(end.get());
            long[] committedAfter = server.committed();
            pool.shutdown();
            pool.awaitTermination(600L, TimeUnit.SECONDS);
            out.printf(Locale.ROOT, "ingestion: %d clients, %d hosts, %d s measured after %d s warm-up (%s): %.0f logs/s,"
                    + " %.0f crash reports/s; submit latency %s%n", clients, hosts, seconds, warmedUp,
                    jitDone ? "the JIT compilers done" : "the JIT compilers still busy", logsDone.get() / (double) seconds,
                    reports.get() / (double) seconds, percentiles(latencies));
            int cores = Runtime.getRuntime().availableProcessors();
            double perReport = cpu.processSeconds() * 1000 / Math.max(1, reports.get());
            double serverPerReport = (cpu.processSeconds() - cpu.clientSeconds()) * 1000 / Math.max(1, reports.get());
            out.printf(Locale.ROOT, "  CPU: this process used %.2f of %d cores while the machine was %.0f%% busy: %.2f ms"
                    + " per crash report, of which the server %.2f ms and the clients %.2f ms; at that cost %d cores"
                    + " take %.0f crash reports/s, or %.0f with the clients elsewhere%n", cpu.processSeconds() / seconds,
                    cores, cpu.machineLoad() * 100, perReport, serverPerReport, perReport - serverPerReport, cores,
                    cores * 1000 / perReport, cores * 1000 / serverPerReport);
            double reportCount = Math.max(1, reports.get()) / 1000.0;
            long writes = committedAfter[0] - committedBefore[0];
            long commits = committedAfter[1] - committedBefore[1];
            out.printf(Locale.ROOT, "  the server's part: request threads %.2f ms, database writer %.2f ms (%d writes in"
                    + " %d commits, %.1f a commit), the rest (JIT, garbage collector, threads that ended) %.2f ms;"
                    + " load average %.1f at the end%n", cpu.requestSeconds() / reportCount,
                    cpu.writerSeconds() / reportCount, writes, commits, writes / (double) Math.max(1, commits),
                    serverPerReport - (cpu.requestSeconds() + cpu.writerSeconds()) / reportCount,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            if (cpu.databaseSeconds() >= 0) {
                double database = cpu.databaseSeconds() / reportCount;
                out.printf(Locale.ROOT, "  the database's processes on this machine (PostgreSQL's backends): %.2f ms per"
                        + " crash report; with the server's, %.2f ms: at that cost %d cores take %.0f crash reports/s%n",
                        database, serverPerReport + database, cores, cores * 1000 / (serverPerReport + database));
            }
            out.flush();
        }
    }

    /**
     * The processes of PostgreSQL that serve the server's connections, when they run on this machine: a
     * report's cost includes their CPU time. None for H2, which runs in the server's own threads.
     */
    private static List<Long> databaseProcesses(KoopsServer server) throws Exception {
        if (server.database().vendor() != Database.Vendor.POSTGRESQL) {
            return List.of();
        }
        try (Connection c = server.database().connection()) {
            return Sql.list(c, "SELECT pid FROM pg_stat_activity WHERE datname = current_database()",
                    rs -> rs.getLong(1));
        }
    }

    /** Named, so that {@link BenchCpu} tells the clients' CPU time from the server's. */
    private static java.util.concurrent.ThreadFactory clientThreads() {
        AtomicLong next = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, BenchCpu.CLIENT_THREADS + "-" + next.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private void pages(PrintWriter out, Path dir) throws Exception {
        long t0 = System.nanoTime();
        try (KoopsServer server = server(pagesDb != null ? pagesDb : "jdbc:h2:file:" + dir.resolve("koops"))) {
            try (Connection c = server.database().connection()) {
                if (Sql.one(c, "SELECT COUNT(*) FROM bug", rs -> rs.getLong(1)).orElse(0L) == 0) {
                    new SyntheticCrashes().fill(c, bugs, crashes);
                }
            }
            out.printf(Locale.ROOT, "pages: database of %d crashes in %d bugs ready in %.0f s; %s, its size %s%n",
                    crashes, bugs, (System.nanoTime() - t0) / 1e9, Database.redact(server.databaseUrl()),
                    size(server));
            out.flush();
            String lastPage = lastCrashPage(server);
            java.util.SplittableRandom random = new java.util.SplittableRandom(7);
            List<String[]> kinds = List.of(
                    new String[] {"bug list", "/bugs"},
                    new String[] {"bug list by count", "/bugs?sort=count&status=all"},
                    new String[] {"bug list search", "/bugs?q=kasan&status=all"},
                    new String[] {"bug list by host", "/bugs?host=host-7&status=all"},
                    new String[] {"bug list page 20", "/bugs?status=all&page=20"},
                    new String[] {"largest bug page", "/bugs/1"},
                    new String[] {"random bug pages", null},
                    new String[] {"last crashes by page", lastPage.substring(0, lastPage.indexOf('&'))},
                    new String[] {"last crashes by link", lastPage},
                    new String[] {"log list", "/logs"},
                    new String[] {"last logs by page", lastLogPage(server)},
                    new String[] {"bug list JSON", "/api/v1/bugs"},
                    new String[] {"largest bug JSON", "/api/v1/bugs/1"});
            for (String[] kind : kinds) {
                List<Long> latencies = new ArrayList<>();
                for (int i = 0; i < requests + requests / 5; i++) {
                    String path = kind[1] != null ? kind[1] : "/bugs/" + (1 + random.nextInt(bugs));
                    changeTheDatabase(server);
                    long s = System.nanoTime();
                    Answer r = send(URI.create(base(server) + path), null, null);
                    if (r.status() != 200) {
                        throw new IllegalStateException(path + " answered " + r.status());
                    }
                    if (i >= requests / 5) { // the first fifth warms up
                        latencies.add(System.nanoTime() - s);
                    }
                }
                out.printf(Locale.ROOT, "  %-20s %s%n", kind[0], percentiles(latencies));
                out.flush();
            }
        }
    }

    /**
     * Writes a row of each table a filed crash changes before each request, as a server filing crashes does
     * all the time: H2 answers a query repeated on tables that did not change from its previous result, which
     * would time no query at all.
     */
    private static void changeTheDatabase(KoopsServer server) throws SQLException {
        try (Connection c = server.database().connection()) {
            Sql.update(c, "UPDATE bug SET status_note = status_note WHERE id = 1");
            Sql.update(c, "UPDATE crash SET cause = cause WHERE id = (SELECT MIN(id) FROM crash)");
            Sql.update(c, "UPDATE bug_facet SET crash_count = crash_count WHERE bug_id = 1 AND facet = 'arch'");
            Sql.update(c, "UPDATE submitted_log SET notice = notice WHERE id = (SELECT MIN(id) FROM submitted_log)");
        }
    }

    /**
     * The last page of the largest bug's crashes, as the link from the page before it names it: by its
     * number and from the last crash of the page before ({@code /bugs/1/crashes?page=N&after=ID}).
     */
    private static String lastCrashPage(KoopsServer server) throws Exception {
        try (Connection c = server.database().connection()) {
            long crashes = Sql.one(c, "SELECT crash_count FROM bug WHERE id = 1", rs -> rs.getLong(1)).orElse(0L);
            int pages = (int) Math.max(1, (crashes + BugQuery.PER_PAGE - 1) / BugQuery.PER_PAGE);
            long before = Sql.one(c, Queries.CRASHES_LATEST_FIRST + " OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY",
                    rs -> rs.getLong("id"), 1L, Math.max(0L, (pages - 1L) * BugQuery.PER_PAGE - 1)).orElse(0L);
            return "/bugs/1/crashes?page=" + pages + "&after=" + before;
        }
    }

    /** The last page of the log list, by its number. */
    private static String lastLogPage(KoopsServer server) throws Exception {
        try (Connection c = server.database().connection()) {
            long logs = StatusCounts.of(c, StatusCounts.Counted.LOGS, "all");
            return "/logs?page=" + Math.max(1, (logs + BugQuery.PER_PAGE - 1) / BugQuery.PER_PAGE);
        }
    }

    /**
     * The database's size on disk: H2's file, PostgreSQL's {@code pg_database_size}. The synthetic logs are a
     * byte each, so this is what bugs, crashes, titles and counters take.
     */
    private static String size(KoopsServer server) throws Exception {
        long bytes;
        String url = server.databaseUrl();
        if (url.startsWith("jdbc:h2:file:")) {
            bytes = Files.size(Path.of(url.substring("jdbc:h2:file:".length()).split(";", 2)[0] + ".mv.db"));
        } else {
            try (Connection c = server.database().connection()) {
                bytes = Sql.one(c, "SELECT pg_database_size(current_database())", rs -> rs.getLong(1)).orElse(0L);
            }
        }
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1048576.0);
    }

    private static KoopsServer server(String dbUrl) {
        return KoopsServer.start(ServerConfig.builder(dbUrl).build(), Clock.systemUTC());
    }

    private static String token(KoopsServer server) throws Exception {
        try (Connection c = server.database().connection()) {
            return Tokens.create(c, "bench", Role.submit, Instant.now());
        }
    }

    private static String base(KoopsServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    /** The log with a first line that makes its bytes, and so the submission, new. */
    private static byte[] unique(byte[] log, String n) {
        byte[] head = ("[    0.000000] koops bench copy " + n + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] copy = Arrays.copyOf(head, head.length + log.length);
        System.arraycopy(log, 0, copy, head.length, log.length);
        return copy;
    }

    /** What the server answered: the status and the body. */
    private record Answer(int status, String body) {
    }

    /**
     * A GET, or a POST of {@code body}, on the calling thread: no thread stands between a client and its
     * connection, which is kept for the next request, so that the clients take as little as they can of
     * the cores the server is measured on.
     */
    private static Answer send(URI uri, String token, byte[] body) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            if (token != null) {
                c.setRequestProperty("Authorization", "Bearer " + token);
            }
            if (body != null) {
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            // Read to the end and closed, the connection goes back to the JDK's pool for the next request.
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static String percentiles(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return "(no sample)";
        }
        return String.format(Locale.ROOT, "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (%d samples)",
                at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99), sorted.length);
    }

    private static double at(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
