package org.koops.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koops.disasm.Disassemblers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koops.disasm.InstructionText.normalised;

/**
 * The API over real HTTP, run against each database: {@link H2ApiTest} and {@link PostgresApiTest}.
 * Every test gets a new, empty database, dropped once the test has closed its servers.
 */
abstract class ApiContract {
    private final List<String> databases = new ArrayList<>();
    TestServer t;
    Http http;

    /** A URL of a new, empty database. */
    abstract String createDatabase();

    final String newDatabase() {
        String url = createDatabase();
        databases.add(url);
        return url;
    }

    @BeforeEach
    void start() {
        t = TestServer.start(newDatabase());
        http = t.http;
    }

    @AfterEach
    void stop() {
        t.close();
        databases.forEach(TestDatabases::drop);
    }

    TestServer startAnother(boolean publicRead, long maxLogBytes) {
        return TestServer.start(newDatabase(), publicRead, maxLogBytes, false);
    }

    @Test
    void aSubmittedLogBecomesACrashOfABug() {
        Http.Response r = http.submit(t.submitter, "host=web-07&tag=prod&tag=rack%3D12&name=dmesg.txt",
                TestLogs.sample());

        assertThat(r.status()).isEqualTo(201);
        JsonNode receipt = r.json();
        assertThat(receipt.get("duplicate").asBoolean()).isFalse();
        assertThat(receipt.get("state").asText()).isEqualTo("analysed");
        assertThat(receipt.get("crashes")).hasSize(1);
        assertThat(receipt.at("/crashes/0/title").asText()).isEqualTo(TestLogs.SAMPLE_TITLE);

        JsonNode bugs = http.get("/api/v1/bugs").json();
        assertThat(bugs.get("total").asLong()).isEqualTo(1);
        JsonNode bug = bugs.at("/items/0");
        assertThat(bug.get("title").asText()).isEqualTo(TestLogs.SAMPLE_TITLE);
        assertThat(bug.get("crashes").asLong()).isEqualTo(1);
        assertThat(bug.get("hosts").get(0).asText()).isEqualTo("web-07");
        assertThat(bug.get("releases").get(0).asText()).isEqualTo("6.1.0-27-amd64");
        assertThat(bug.get("culpritModule").asText()).isEqualTo("koops_demo");
        assertThat(bug.get("status").asText()).isEqualTo("open");

        JsonNode log = http.get("/api/v1/logs/" + receipt.get("log").asLong()).json();
        assertThat(log.at("/log/tags").toString()).isEqualTo("[\"prod\",\"rack=12\"]");
        assertThat(log.at("/log/name").asText()).isEqualTo("dmesg.txt");
    }

    @Test
    void theSameLogTwiceFromOneHostAddsNothingButFromAnotherHostIsAnotherCrash() {
        JsonNode first = http.submit(t.submitter, "host=a", TestLogs.sample()).json();
        Http.Response again = http.submit(t.submitter, "host=a", TestLogs.sample());

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("duplicate").asBoolean()).isTrue();
        assertThat(again.json().get("log")).isEqualTo(first.get("log"));
        assertThat(again.json().get("crashes")).isEqualTo(first.get("crashes"));
        assertThat(http.get("/api/v1/bugs").json().at("/items/0/crashes").asLong()).isEqualTo(1);
        assertThat(http.get("/api/v1/logs").json().get("total").asLong()).isEqualTo(1);

        Http.Response otherHost = http.submit(t.submitter, "host=b", TestLogs.sample());
        assertThat(otherHost.status()).isEqualTo(201);
        assertThat(otherHost.json().get("log")).isNotEqualTo(first.get("log"));
        JsonNode bug = http.get("/api/v1/bugs").json().at("/items/0");
        assertThat(bug.get("crashes").asLong()).isEqualTo(2);
        assertThat(bug.get("hostCount").asInt()).isEqualTo(2);
        assertThat(http.submit(t.submitter, "", TestLogs.sample()).status()).isEqualTo(201); // no host: a third
        assertThat(http.submit(t.submitter, "", TestLogs.sample()).status()).isEqualTo(200);
    }

    @Test
    void crashesWithTheSameTitleAreOneBugCountedByHostAndDay() {
        for (int i = 0; i < 3; i++) {
            assertThat(http.submit(t.submitter, "host=web-" + i + "&time=2024-05-0" + (i + 1) + "T10:00:00Z",
                    TestLogs.sampleVariant(i)).status()).isEqualTo(201);
        }
        assertThat(http.submit(t.submitter, "host=web-0&time=2024-05-03T11:00:00Z",
                TestLogs.gzip(TestLogs.sampleVariant(3))).status()).isEqualTo(201);

        JsonNode bugs = http.get("/api/v1/bugs").json();
        assertThat(bugs.get("total").asLong()).isEqualTo(1);
        long id = bugs.at("/items/0/id").asLong();
        JsonNode bug = http.get("/api/v1/bugs/" + id).json();
        assertThat(bug.at("/bug/crashes").asLong()).isEqualTo(4);
        assertThat(bug.at("/bug/hostCount").asInt()).isEqualTo(3);
        assertThat(bug.at("/bug/firstSeen").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(bug.at("/bug/lastSeen").asText()).isEqualTo("2024-05-03T11:00:00Z");
        assertThat(bug.get("days").toString()).isEqualTo("[{\"day\":\"2024-05-01\",\"crashes\":1},"
                + "{\"day\":\"2024-05-02\",\"crashes\":1},{\"day\":\"2024-05-03\",\"crashes\":2}]");
        JsonNode hosts = breakdown(bug, "host");
        assertThat(hosts.get("values").asInt()).isEqualTo(3);
        assertThat(hosts.at("/top/0/value").asText()).isEqualTo("web-0");
        assertThat(hosts.at("/top/0/crashes").asLong()).isEqualTo(2);
        assertThat(breakdown(bug, "taint").at("/top/0/value").asText()).isEqualTo("OE");
        assertThat(breakdown(bug, "arch").at("/top/0/value").asText()).isEqualTo("x86_64");

        JsonNode crashes = http.get("/api/v1/bugs/" + id + "/crashes?per_page=3").json();
        assertThat(crashes.get("total").asLong()).isEqualTo(4);
        assertThat(crashes.get("items")).hasSize(3);
        assertThat(crashes.at("/items/0/time").asText()).isEqualTo("2024-05-03T11:00:00Z");
    }

    @Test
    void aLogWhoseAnalysisFailsIsKeptAndShownAsFailed() {
        byte[] broken = {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

        JsonNode receipt = http.submit(t.submitter, "host=x", broken).json();

        assertThat(receipt.get("state").asText()).isEqualTo("failed");
        JsonNode log = http.get("/api/v1/logs/" + receipt.get("log").asLong()).json();
        assertThat(log.at("/log/state").asText()).isEqualTo("failed");
        assertThat(log.at("/log/error").asText()).startsWith("cannot read the log");
        assertThat(http.bytes("/api/v1/logs/" + receipt.get("log").asLong() + "/raw")).isEqualTo(broken);
        assertThat(http.get("/logs?state=failed").body()).contains("/logs/" + receipt.get("log").asLong());
    }

    @Test
    void aLogThatExpandsPastTheLimitIsKeptFailedThenAnalysedAgainUnderALargerLimit() {
        String db = newDatabase();
        byte[] bomb = TestLogs.gzip(TestLogs.repeated(TestLogs.sample(), 2 << 20)); // 2 MB of crashes, 10 kB sent
        long log;
        try (TestServer small = TestServer.start(ServerConfig.builder(db).limits(
                AnalysisLimits.DEFAULT.withMaxExpandedBytes(1 << 20)))) {
            JsonNode receipt = small.http.submit(small.submitter, "", bomb).json();
            assertThat(receipt.get("state").asText()).isEqualTo("failed");
            assertThat(receipt.get("crashes")).isEmpty();
            log = receipt.get("log").asLong();
            assertThat(small.http.get("/api/v1/logs/" + log).json().at("/log/error").asText())
                    .isEqualTo("the log is larger than 1.0 MB once decompressed (koops serve --max-expanded-size)");
            Http.Response again = small.http.post("/api/v1/logs/" + log + "/analyse", new byte[0],
                    "Authorization", "Bearer " + small.admin);
            assertThat(again.json().at("/log/state").asText()).isEqualTo("failed");
        }
        try (TestServer larger = TestServer.start(db, true, ServerConfig.DEFAULT_MAX_LOG_BYTES, false)) {
            String admin = "Bearer " + larger.admin;
            assertThat(larger.http.post("/api/v1/logs/" + log + "/analyse", new byte[0], "Authorization",
                    "Bearer " + larger.submitter).status()).isEqualTo(403);
            Http.Response again = larger.http.post("/api/v1/logs/" + log + "/analyse", new byte[0],
                    "Authorization", admin);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().at("/log/state").asText()).isEqualTo("analysed");
            assertThat(again.json().get("crashes").size()).isEqualTo((2 << 20) / TestLogs.sample().length + 1);
            Http.Response twice = larger.http.post("/api/v1/logs/" + log + "/analyse", new byte[0],
                    "Authorization", admin);
            assertThat(twice.status()).isEqualTo(409);
            assertThat(twice.json().get("error").asText()).isEqualTo("Only a failed log can be analysed again.");
        }
    }

    @Test
    void aGzipCutShortIsAnalysedUpToTheCutAndSaidSo() {
        byte[] gz = TestLogs.gzip(TestLogs.repeated(TestLogs.sample(), 1 << 20));
        byte[] cut = java.util.Arrays.copyOf(gz, gz.length / 2);

        JsonNode receipt = http.submit(t.submitter, "host=cut", cut).json();

        assertThat(receipt.get("state").asText()).isEqualTo("analysed");
        assertThat(receipt.get("crashes").size()).isGreaterThan(10);
        assertThat(receipt.get("notice").asText()).isEqualTo(Ingestor.CUT);
        assertThat(http.get("/api/v1/logs/" + receipt.get("log").asLong()).json().at("/log/notice").asText())
                .isEqualTo(Ingestor.CUT);
    }

    @Test
    void binaryBytesAreKeptAsALogWithoutCrash() {
        byte[] binary = new byte[256 * 1024];
        new java.util.Random(3).nextBytes(binary);

        Http.Response r = http.submit(t.submitter, "name=core.bin", binary);

        assertThat(r.status()).isEqualTo(201);
        long log = r.json().get("log").asLong();
        assertThat(http.get("/api/v1/logs/" + log).json().at("/log/state").asText()).isIn("analysed", "failed");
        assertThat(http.get("/logs/" + log).status()).isEqualTo(200);
        assertThat(http.bytes("/api/v1/logs/" + log + "/raw")).isEqualTo(binary);
    }

    @Test
    void theSameLogSentAtOnceByManyClientsIsStoredOnce() throws Exception {
        byte[] log = TestLogs.sampleVariant(77);
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<Http.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(clients.submit(() -> http.submit(t.submitter, "host=racer", log)));
        }
        List<Integer> statuses = new ArrayList<>();
        for (var answer : answers) {
            statuses.add(answer.get().status());
        }
        clients.shutdown();

        assertThat(statuses).containsOnlyOnce(201).doesNotContain(500);
        assertThat(http.get("/api/v1/logs").json().get("total").asLong()).isEqualTo(1);
        assertThat(http.get("/api/v1/bugs").json().at("/items/0/crashes").asLong()).isEqualTo(1);
    }

    @Test
    void aLogWithoutCrashIsKeptWithNoCrash() {
        JsonNode receipt = http.submit(t.submitter, "", "[    0.000000] Linux version 6.1.0\n".getBytes(
                StandardCharsets.UTF_8)).json();

        assertThat(receipt.get("state").asText()).isEqualTo("analysed");
        assertThat(receipt.get("crashes")).isEmpty();
        assertThat(http.get("/api/v1/bugs").json().get("total").asLong()).isZero();
    }

    @Test
    void writingNeedsATokenThatMaySubmit() {
        Http.Response anonymous = http.post("/api/v1/logs", TestLogs.sample());
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(anonymous.json().get("error").asText()).contains("koops token create");

        assertThat(http.submit("koops_wrong", "", TestLogs.sample()).status()).isEqualTo(401);
        assertThat(http.submit(t.reader, "", TestLogs.sample()).status()).isEqualTo(403);
        assertThat(http.submit(t.admin, "", TestLogs.sample()).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/bugs/1/status", "{\"status\":\"fixed\"}", "Authorization",
                "Bearer " + t.submitter).status()).isEqualTo(403);
    }

    @Test
    void aRevokedTokenNoLongerWorks() throws Exception {
        long id;
        try (var c = t.server.database().connection()) {
            id = Tokens.list(c).stream().filter(tk -> tk.name().equals("web-07")).findFirst().orElseThrow().id();
            assertThat(Tokens.revoke(c, id, java.time.Instant.now())).isTrue();
        }
        assertThat(http.submit(t.submitter, "", TestLogs.sample()).status()).isEqualTo(401);
    }

    @Test
    void readingCanRequireALogin() {
        try (TestServer closed = startAnother(false, ServerConfig.DEFAULT_MAX_LOG_BYTES)) {
            assertThat(closed.http.get("/api/v1/bugs").status()).isEqualTo(401);
            assertThat(closed.http.get("/api/v1/bugs", "Authorization", "Bearer " + closed.reader).status())
                    .isEqualTo(200);
            Http.Response page = closed.http.get("/bugs?status=all");
            assertThat(page.status()).isEqualTo(303);
            assertThat(page.header("Location")).isEqualTo("/login?next=%2Fbugs%3Fstatus%3Dall");
            assertThat(closed.http.get("/login").status()).isEqualTo(200);
            assertThat(closed.http.get("/api/v1/health").status()).isEqualTo(200);
        }
    }

    @Test
    void aLogOverTheLimitGetsA413SayingTheLimit() {
        try (TestServer small = startAnother(true, 1 << 20)) {
            byte[] big = new byte[(1 << 20) + 1];
            java.util.Arrays.fill(big, (byte) 'x');

            Http.Response r = small.http.submit(small.submitter, "", big);

            assertThat(r.status()).isEqualTo(413);
            assertThat(r.json().get("error").asText())
                    .isEqualTo("The log is larger than the limit of 1.0 MB (koops serve --max-log-size).");
            assertThat(small.http.get("/api/v1/logs").json().get("total").asLong()).isZero();
        }
    }

    @Test
    void metadataIsChecked() {
        Http.Response badTime = http.submit(t.submitter, "time=yesterday", TestLogs.sample());
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.json().get("error").asText()).startsWith("Time must be an ISO-8601 instant");
        assertThat(http.submit(t.submitter, "tag=a%20b", TestLogs.sample()).status()).isEqualTo(400);
    }

    @Test
    void aTimeOutsideThePlausibleWindowIsReplacedByTheTimeOfArrivalAndSaidSo() {
        java.time.Instant before = java.time.Instant.now().minusSeconds(60);
        Http.Response r = http.submit(t.submitter, "time=%2B999999999-12-31T23:59:59Z", TestLogs.sample());

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("notice").asText()).isEqualTo("the time +999999999-12-31T23:59:59Z is not between"
                + " 1991-01-01T00:00:00Z and a day after the server's clock: the time the log arrived is used instead");
        long bug = r.json().at("/crashes/0/bug").asLong();
        assertThat(http.get("/bugs/" + bug).status()).isEqualTo(200);
        JsonNode crash = http.get("/api/v1/bugs/" + bug + "/crashes").json().at("/items/0");
        assertThat(java.time.Instant.parse(crash.get("time").asText())).isAfter(before);
        assertThat(http.get("/logs/" + r.json().get("log").asLong()).body()).contains("is not between");
        assertThat(http.submit(t.submitter, "time=1970-01-01T00:00:00Z", TestLogs.sampleVariant(1)).json()
                .get("notice").asText()).startsWith("the time 1970-01-01T00:00:00Z is not between");
    }

    @Test
    void triageSetsTheStatusAndANewCrashReopensAFixedBug() {
        http.submit(t.submitter, "time=2024-05-01T10:00:00Z", TestLogs.sampleVariant(1));
        long bug = http.get("/api/v1/bugs").json().at("/items/0/id").asLong();

        Http.Response fixed = http.post("/api/v1/bugs/" + bug + "/status",
                "{\"status\":\"fixed\",\"note\":\"fixed by commit abc123\"}", "Authorization", "Bearer " + t.admin);
        assertThat(fixed.status()).isEqualTo(200);
        assertThat(fixed.json().at("/bug/status").asText()).isEqualTo("fixed");
        assertThat(fixed.json().get("statusNote").asText()).isEqualTo("fixed by commit abc123");
        assertThat(http.get("/api/v1/bugs").json().get("total").asLong()).isZero();
        assertThat(http.get("/api/v1/bugs?status=fixed").json().get("total").asLong()).isEqualTo(1);

        Http.Response bad = http.post("/api/v1/bugs/" + bug + "/status", "{\"status\":\"duplicate\"}",
                "Authorization", "Bearer " + t.admin);
        assertThat(bad.status()).isEqualTo(400);

        http.submit(t.submitter, "", TestLogs.sampleVariant(2)); // now: after the fix
        assertThat(http.get("/api/v1/bugs/" + bug).json().at("/bug/status").asText()).isEqualTo("open");
    }

    @Test
    void aFixClosesItsBugOnceTheFleetRunsItsReleaseAndACrashOnAFixedReleaseReopensItAsARegression() {
        long bug = http.submit(t.submitter, "host=web-1&time=2024-05-01T10:00:00Z", TestLogs.sampleVariant(1)).json()
                .at("/crashes/0/bug").asLong();
        String admin = "Bearer " + t.admin;

        Http.Response fixed = http.post("/api/v1/bugs/" + bug + "/status", "{\"status\":\"fixed\",\"fixCommit\":"
                + "\"1a2b3c4d\",\"fixRelease\":\"6.1.0-28-amd64\",\"fixLink\":\"https://tracker.example/77\"}",
                "Authorization", admin);
        assertThat(fixed.status()).isEqualTo(200);
        assertThat(fixed.json().at("/bug/status").asText()).isEqualTo("fix-pending"); // the fleet runs 6.1.0-27 only
        assertThat(fixed.json().get("fixCommit").asText()).isEqualTo("1a2b3c4d");
        assertThat(http.get("/bugs/" + bug).body()).contains("Fixed by commit <code>1a2b3c4d</code>, in 6.1.0-28-amd64"
                + " and later", "href=\"https://tracker.example/77\"");

        http.submit(t.submitter, "host=web-2", TestLogs.sampleVariant(2)); // an old kernel: expected
        assertThat(http.get("/api/v1/bugs/" + bug).json().at("/bug/status").asText()).isEqualTo("fix-pending");

        http.submit(t.submitter, "host=web-3", TestLogs.resource("hostile-warning.log")); // the fleet runs 6.8
        assertThat(http.get("/api/v1/bugs/" + bug).json().at("/bug/status").asText()).isEqualTo("fixed");
        assertThat(http.get("/api/v1/bugs?status=fixed").json().get("total").asLong()).isEqualTo(1);

        http.submit(t.submitter, "host=web-4", TestLogs.onRelease(TestLogs.sampleVariant(3), "6.1.0-28-amd64"));
        JsonNode again = http.get("/api/v1/bugs/" + bug).json();
        assertThat(again.at("/bug/status").asText()).isEqualTo("open");
        assertThat(again.at("/bug/regression").asBoolean()).isTrue();
        assertThat(again.get("statusNote").asText()).isEqualTo("regression: crashed again on 6.1.0-28-amd64 after it"
                + " was marked fixed in 6.1.0-28-amd64");
        assertThat(http.get("/bugs").body()).contains("<span class=\"status regression\">regression</span>");
        assertThat(http.post("/api/v1/bugs/" + bug + "/status", "{\"status\":\"fixed\",\"fixLink\":\"javascript:x\"}",
                "Authorization", admin).status()).isEqualTo(400);
    }

    @Test
    void theBugListFindsBugsByFunctionModuleFileKindArchTagReleaseRangeAndDates() {
        http.submit(t.submitter, "host=web-1&tag=prod&time=2024-05-01T10:00:00Z", TestLogs.sample());
        http.submit(t.submitter, "host=db-1&tag=lab&time=2024-06-01T10:00:00Z", TestLogs.resource("hostile-warning.log"));
        String sample = TestLogs.SAMPLE_TITLE;
        String warning = TestLogs.HOSTILE_WARNING_TITLE;

        assertThat(titles("/api/v1/bugs?function=demo_show")).containsExactly(sample);
        assertThat(titles("/api/v1/bugs?module=evil_mod")).containsExactly(warning);
        assertThat(titles("/api/v1/bugs?file=drivers/evil")).containsExactly(warning);
        assertThat(titles("/api/v1/bugs?kind=NULL_POINTER_DEREFERENCE")).containsExactly(sample);
        assertThat(titles("/api/v1/bugs?kind=kernel%20warning")).containsExactly(warning);
        assertThat(titles("/api/v1/bugs?arch=x86_64&sort=title")).containsExactly(sample, warning);
        assertThat(titles("/api/v1/bugs?tag=prod")).containsExactly(sample);
        assertThat(titles("/api/v1/bugs?release_from=6.2")).containsExactly(warning);
        assertThat(titles("/api/v1/bugs?release_to=6.1")).containsExactly(sample); // 6.1 takes in 6.1.0-27-amd64
        assertThat(titles("/api/v1/bugs?release_from=6.1.0-9&release_to=6.1.0-100")).containsExactly(sample);
        assertThat(titles("/api/v1/bugs?from=2024-05-15")).containsExactly(warning);
        assertThat(titles("/api/v1/bugs?to=2024-05-15")).containsExactly(sample);
        assertThat(http.get("/api/v1/bugs?kind=nonsense").status()).isEqualTo(400);
        assertThat(http.get("/api/v1/bugs?from=yesterday").status()).isEqualTo(400);
        assertThat(http.get("/bugs?module=evil_mod").body()).contains("evil_fn&lt;script&gt;");
    }

    @Test
    void aBugPageShowsTheReportReleasesInVersionOrderHostGroupsAndCollapsedCrashes() {
        http.submit(t.submitter, "host=web-07&time=2024-05-01T10:00:00Z", TestLogs.sampleVariant(1));
        http.submit(t.submitter, "host=web-07&time=2024-05-02T10:00:00Z", TestLogs.sampleVariant(2));
        http.submit(t.submitter, "host=web-12&time=2024-05-03T10:00:00Z",
                TestLogs.onRelease(TestLogs.sampleVariant(3), "6.1.0-9-amd64"));
        long bug = http.get("/api/v1/bugs").json().at("/items/0/id").asLong();

        JsonNode detail = http.get("/api/v1/bugs/" + bug).json();
        assertThat(detail.at("/releases/0/value").asText()).isEqualTo("6.1.0-9-amd64"); // before -27 by version
        assertThat(detail.at("/releases/1/value").asText()).isEqualTo("6.1.0-27-amd64");
        assertThat(detail.at("/hostGroups/0/value").asText()).isEqualTo("web-#");
        assertThat(detail.at("/hostGroups/0/crashes").asLong()).isEqualTo(3);
        assertThat(detail.at("/sample/time").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(detail.at("/sample/cause").asText()).isEqualTo("NULL_POINTER_DEREFERENCE");
        assertThat(detail.at("/sample/topFrames").asText())
                .startsWith("demo_show+0x15/0x40 [koops_demo]\nseq_read_iter+0x11f/0x440\n");
        assertThat(detail.at("/latest/time").asText()).isEqualTo("2024-05-03T10:00:00Z");
        assertThat(detail.get("crashGroups")).hasSize(2);
        assertThat(detail.at("/crashGroups/1/crashes").asLong()).isEqualTo(2); // web-07 twice on 6.1.0-27

        String page = http.get("/bugs/" + bug).body();
        assertThat(page).contains("First seen in <strong>6.1.0-9-amd64</strong>", "NULL pointer dereference",
                "<code>seq_read_iter+0x11f/0x440</code>", "web-#", "/bugs/" + bug + "/crashes");
        assertThat(http.get("/bugs/" + bug + "/crashes").body()).contains("web-12", "web-07");
    }

    @Test
    void labelsBulkTriageAndTheAtomFeed() {
        long sample = http.submit(t.submitter, "", TestLogs.sample()).json().at("/crashes/0/bug").asLong();
        long warning = http.submit(t.submitter, "", TestLogs.resource("hostile-warning.log")).json()
                .at("/crashes/0/bug").asLong();
        String admin = "Bearer " + t.admin;

        Http.Response labelled = http.post("/api/v1/bugs/" + sample + "/labels",
                "{\"add\": [\"team-fs\", \"needs-repro\"]}", "Authorization", admin);
        assertThat(labelled.status()).isEqualTo(200);
        assertThat(labelled.json().at("/bug/labels").toString()).isEqualTo("[\"needs-repro\",\"team-fs\"]");
        assertThat(titles("/api/v1/bugs?label=team-fs")).containsExactly(TestLogs.SAMPLE_TITLE);
        assertThat(http.post("/api/v1/bugs/" + sample + "/labels", "{\"add\": [\"a b\"]}", "Authorization", admin)
                .status()).isEqualTo(400);
        assertThat(http.post("/api/v1/bugs/" + sample + "/labels", "{\"add\": [\"x\"]}", "Authorization",
                "Bearer " + t.submitter).status()).isEqualTo(403);

        Http.Response bulk = http.post("/api/v1/bugs/bulk", "{\"bugs\": [" + sample + ", " + warning + ", 999],"
                + " \"status\": {\"status\": \"invalid\", \"note\": \"lab noise\"}, \"addLabels\": [\"lab\"],"
                + " \"removeLabels\": [\"needs-repro\"]}", "Authorization", admin);
        assertThat(bulk.status()).isEqualTo(200);
        assertThat(bulk.json().get("changed").asInt()).isEqualTo(2);
        assertThat(bulk.json().get("failures").toString()).isEqualTo("[{\"bug\":999,\"error\":\"no such bug\"}]");
        assertThat(titles("/api/v1/bugs?status=invalid&label=lab&sort=title"))
                .containsExactly(TestLogs.SAMPLE_TITLE, TestLogs.HOSTILE_WARNING_TITLE);
        assertThat(http.get("/api/v1/bugs/" + sample).json().at("/bug/labels").toString())
                .isEqualTo("[\"lab\",\"team-fs\"]");

        Http.Response feed = http.get("/bugs.atom?module=evil_mod");
        assertThat(feed.status()).isEqualTo(200);
        assertThat(feed.header("Content-Type")).startsWith("application/atom+xml");
        assertThat(feed.body()).startsWith("<?xml").contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">",
                "evil_fn&lt;script&gt;", "/bugs/" + warning + "</id>").doesNotContain("<script")
                .doesNotContain("demo_show");
    }

    @Test
    void theBugListFiltersSortsSearchesAndPages() {
        http.submit(t.submitter, "host=web-1", TestLogs.sampleVariant(1));
        http.submit(t.submitter, "host=web-2", TestLogs.sampleVariant(2));
        http.submit(t.submitter, "host=db-1", TestLogs.resource("hostile-warning.log"));
        http.submit(t.submitter, "host=db-2", TestLogs.resource("hostile-panic.log"));

        assertThat(titles("/api/v1/bugs?sort=count")).first().isEqualTo(TestLogs.SAMPLE_TITLE);
        assertThat(titles("/api/v1/bugs?q=DEMO_show")).containsExactly(TestLogs.SAMPLE_TITLE);
        assertThat(titles("/api/v1/bugs?q=50%25")).isEmpty();
        // The search's trigrams are those of the titles filed: any part of a title finds its bug, in any case.
        for (String title : titles("/api/v1/bugs?status=all")) {
            for (int length : List.of(2, 3, 4, 9)) {
                for (int at = 0; at + length <= title.length(); at += 5) {
                    String part = title.substring(at, at + length).toUpperCase(java.util.Locale.ROOT);
                    assertThat(titles("/api/v1/bugs?status=all&q=" + java.net.URLEncoder.encode(part,
                            java.nio.charset.StandardCharsets.UTF_8))).as(part).contains(title);
                }
            }
        }
        assertThat(titles("/api/v1/bugs?status=all&q=show+demo")).as("each trigram in some title, not the text")
                .isEmpty();
        assertThat(titles("/api/v1/bugs?host=db-1")).containsExactly(TestLogs.HOSTILE_WARNING_TITLE);
        assertThat(titles("/api/v1/bugs?module=koops_demo")).containsExactly(TestLogs.SAMPLE_TITLE);
        assertThat(titles("/api/v1/bugs?release=6.8.0-31-generic")).containsExactly(TestLogs.HOSTILE_WARNING_TITLE);
        JsonNode page2 = http.get("/api/v1/bugs?sort=title&per_page=2&page=2").json();
        assertThat(page2.get("total").asLong()).isEqualTo(3);
        assertThat(page2.get("items")).hasSize(1);
        assertThat(titles("/api/v1/bugs?sort=title")).isSorted();
    }

    @Test
    void aCrashComesWithTheFullExplanation() {
        long crash = http.submit(t.submitter, "name=dmesg.txt", TestLogs.sample()).json().at("/crashes/0/crash")
                .asLong();

        JsonNode c = http.get("/api/v1/crashes/" + crash).json();

        assertThat(c.at("/crash/title").asText()).isEqualTo(TestLogs.SAMPLE_TITLE);
        assertThat(c.get("text").asText()).startsWith("== dmesg.txt: report #1, lines 13-71 ==\n"
                + TestLogs.SAMPLE_TITLE + "\nCause:").contains("Culprit:      demo_show in module koops_demo");
        assertThat(c.at("/report/title").asText()).isEqualTo(TestLogs.SAMPLE_TITLE);
        assertThat(c.at("/report/annotated")).isNotEmpty();
        assertThat(c.at("/report/diagnosis/faultingCode/disassembly/line").asLong()).isEqualTo(21);
        if (Disassemblers.installed().backends().isEmpty()) {
            assertThat(c.get("text").asText()).contains("Code:         (not decoded: no disassembler is installed");
        } else {
            // Capstone or objdump, each in its own spelling: the same instruction and memory operand.
            JsonNode code = c.at("/report/diagnosis/faultingCode/disassembly");
            JsonNode faulting = code.at("/instructions/" + code.get("faulting").asInt());
            assertThat(faulting.get("mnemonic").asText()).isEqualTo("mov");
            assertThat(faulting.at("/memory/base").asText()).isEqualTo("rbx");
            assertThat(normalised(c.get("text").asText()))
                    .contains(normalised("mov edx, dword ptr [rbx + 0x10]   <-- faulting instruction"));
            assertThat(c.at("/report/diagnosis/faultingCode/pointer/register").asText()).isEqualTo("RBX");
            assertThat(normalised(http.get("/crashes/" + crash).body())).contains(normalised("mov edx, dword ptr [rbx + 0x10]"));
            assertThat(http.get("/crashes/" + crash).body()).contains("<tr class=\"faulting\">");
        }
    }

    @Test
    void aCrashPageShowsTheDiagnosisAsFieldsTheTraceAsATableAndTheNotesBesideTheLines() {
        long crash = http.submit(t.submitter, "", TestLogs.sample()).json().at("/crashes/0/crash").asLong();

        String page = http.get("/crashes/" + crash).body();

        assertThat(page).contains("<h2>Diagnosis</h2>", "<tr><th>Cause</th><td>NULL pointer dereference</td></tr>",
                "<code>demo_show</code> in module <code>koops_demo</code>", "<h3>Next steps</h3>",
                "<table class=\"trace\">", "<code>seq_read_iter+0x11f/0x440</code>", "<tr class=\"unsure\">",
                "<h2>Faulting code</h2>", "<table class=\"annotated\">",
                "<code>BUG: kernel NULL pointer dereference, address: 0000000000000010</code>",
                "<details><summary>what it means</summary>", "<pre class=\"explain\">");
    }

    @Test
    void hostileTextFromALogIsEscapedOnEveryPage() {
        long crash = http.submit(t.submitter, "host=%3Cscript%3Eh()%3C/script%3E",
                TestLogs.resource("hostile-panic.log")).json().at("/crashes/0/crash").asLong();
        http.submit(t.submitter, "", TestLogs.resource("hostile-warning.log"));
        JsonNode c = http.get("/api/v1/crashes/" + crash).json();
        long bug = c.at("/crash/bug").asLong();
        long log = c.at("/crash/log").asLong();

        for (String page : List.of("/bugs", "/bugs?q=%3Cscript%3E", "/bugs/" + bug, "/crashes/" + crash,
                "/logs", "/logs/" + log, "/bugs?host=%3Cscript%3Eh()%3C/script%3E")) {
            Http.Response r = http.get(page);
            assertThat(r.status()).as(page).isEqualTo(200);
            assertThat(r.body()).as(page).doesNotContainIgnoringCase("<script").doesNotContain("<iframe")
                    .doesNotContain("<svg/onload").doesNotContain("<b>sh").doesNotContain("<i>evil");
            assertThat(r.header("Content-Security-Policy")).startsWith("default-src 'none'");
        }
        assertThat(http.get("/crashes/" + crash).body()).contains("&lt;script&gt;alert(&quot;xss&quot;)");
        assertThat(http.get("/bugs/" + bug).body()).contains("kernel panic: &lt;script&gt;");
    }

    @Test
    void formsNeedTheCsrfValueAndLoginOpensASession() {
        Http.Response form = http.get("/login");
        String cookie = form.header("Set-Cookie").split(";")[0];
        String csrf = cookie.substring(cookie.indexOf('=') + 1);
        assertThat(form.body()).contains("name=\"csrf\" value=\"" + csrf + "\"");

        Http.Response forged = http.post("/login", "token=" + t.admin + "&next=/bugs", "Content-Type",
                "application/x-www-form-urlencoded");
        assertThat(forged.status()).isEqualTo(403);
        Http.Response wrong = http.post("/login", "csrf=" + csrf + "&token=koops_nope", "Content-Type",
                "application/x-www-form-urlencoded", "Cookie", cookie);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("This token is not valid");
        Http.Response login = http.post("/login", "csrf=" + csrf + "&token=" + t.admin + "&next=//evil.example",
                "Content-Type", "application/x-www-form-urlencoded", "Cookie", cookie);
        assertThat(login.status()).isEqualTo(303);
        assertThat(login.header("Location")).isEqualTo("/bugs");
        String session = login.header("Set-Cookie").split(";")[0];
        assertThat(login.header("Set-Cookie")).contains("HttpOnly").contains("SameSite=Lax");

        long bug = http.submit(t.submitter, "", TestLogs.sample()).json().at("/crashes/0/bug").asLong();
        String cookies = cookie + "; " + session;
        String page = http.get("/bugs/" + bug, "Cookie", cookies).body();
        assertThat(page).contains("action=\"/bugs/" + bug + "/status\"");
        String sessionCsrf = formValue(page, "csrf");
        assertThat(sessionCsrf).isNotEqualTo(csrf); // tied to the session from now on
        Http.Response noCsrf = http.post("/bugs/" + bug + "/status", "status=invalid", "Content-Type",
                "application/x-www-form-urlencoded", "Cookie", cookies);
        assertThat(noCsrf.status()).isEqualTo(403);
        // A value planted in the CSRF cookie by another site and repeated in its form does not match a session.
        Http.Response planted = http.post("/bugs/" + bug + "/status", "csrf=" + csrf + "&status=invalid",
                "Content-Type", "application/x-www-form-urlencoded", "Cookie", cookies);
        assertThat(planted.status()).isEqualTo(403);
        Http.Response foreign = http.post("/bugs/" + bug + "/status", "csrf=" + sessionCsrf + "&status=invalid",
                "Content-Type", "application/x-www-form-urlencoded", "Cookie", cookies,
                "Origin", "http://evil.example");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.body()).contains("This form was sent from another site.");
        Http.Response triaged = http.post("/bugs/" + bug + "/status", "csrf=" + sessionCsrf
                + "&status=invalid&note=noise", "Content-Type", "application/x-www-form-urlencoded", "Cookie", cookies,
                "Origin", http.base());
        assertThat(triaged.status()).isEqualTo(303);
        assertThat(http.get("/api/v1/bugs/" + bug).json().at("/bug/status").asText()).isEqualTo("invalid");
        // The API never takes a cookie for a write: a browser would send it by itself.
        assertThat(http.post("/api/v1/bugs/" + bug + "/status", "{\"status\":\"open\"}", "Cookie", cookies)
                .status()).isEqualTo(401);
    }

    @Test
    void listsNameTheTopHostsAndReleasesAndSayHowManyMore() {
        for (int i = 0; i < 5; i++) {
            http.submit(t.submitter, "host=web-" + i + "&time=2024-05-01T10:00:0" + i + "Z", TestLogs.sampleVariant(i));
        }
        JsonNode bug = http.get("/api/v1/bugs").json().at("/items/0");
        assertThat(bug.get("hosts")).hasSize(3);
        assertThat(bug.get("moreHosts").asInt()).isEqualTo(2);
        assertThat(bug.get("moreReleases").asInt()).isZero();
        assertThat(bug.get("kindText").asText()).isEqualTo("kernel NULL pointer dereference");
        assertThat(http.get("/bugs").body()).contains("5: web-0, web-1, web-2 +2 more").contains("<p class=\"count\">1 bug</p>");
        String page = http.get("/bugs/" + bug.get("id").asLong()).body();
        assertThat(page).contains("kernel NULL pointer dereference", "5 crashes on 5 hosts", "first 2024-05-01 10:00:00 UTC")
                .doesNotContain("NULL_POINTER_DEREFERENCE");
    }

    @Test
    void oneCrashOnOneHostIsSaidInTheSingular() {
        long bug = http.submit(t.submitter, "host=a", TestLogs.sample()).json().at("/crashes/0/bug").asLong();

        assertThat(http.get("/bugs/" + bug).body()).contains("1 crash on 1 host");
    }

    @Test
    void unknownFilterValuesAreRefusedAndAPagePastTheLastShowsTheLast() {
        http.submit(t.submitter, "", TestLogs.sample());

        Http.Response status = http.get("/api/v1/bugs?status=bogus");
        assertThat(status.status()).isEqualTo(400);
        assertThat(status.json().get("error").asText())
                .isEqualTo("Status must be one of open, fix-pending, fixed, invalid, duplicate, all, not bogus.");
        assertThat(http.get("/bugs?sort=nope").status()).isEqualTo(400);
        assertThat(http.get("/bugs?sort=nope").body()).contains("Sort must be one of last, first, count, hosts, title");
        assertThat(http.get("/api/v1/bugs?per_page=1000").status()).isEqualTo(400);
        assertThat(http.get("/api/v1/logs?state=gone").status()).isEqualTo(400);
        assertThat(http.get("/logs?page=x").status()).isEqualTo(400);
        Http.Response misspelt = http.get("/api/v1/bugs?modul=ext4"); // not the list unfiltered
        assertThat(misspelt.status()).isEqualTo(400);
        assertThat(misspelt.json().get("error").asText()).startsWith("The bug list has no parameter modul; it takes q,")
                .contains("module");
        assertThat(http.get("/bugs?modul=ext4").status()).isEqualTo(400);
        assertThat(http.get("/bugs.atom?modul=ext4").status()).isEqualTo(400);

        JsonNode far = http.get("/api/v1/bugs?page=82").json();
        assertThat(far.get("page").asInt()).isEqualTo(1);
        assertThat(far.get("items")).hasSize(1);
        assertThat(http.get("/bugs?page=82").body()).contains("page 1 of 1").doesNotContain("page 82");
        assertThat(http.get("/bugs?sort=count").body()).contains("<option value=\"count\" selected>most crashes</option>");
    }

    @Test
    void cookiesAreSecureBehindATlsProxy() {
        Http.Response form = http.get("/login", "X-Forwarded-Proto", "https");
        assertThat(form.header("Set-Cookie")).endsWith("; Secure");
        String cookie = form.header("Set-Cookie").split(";")[0];
        Http.Response login = http.post("/login", "csrf=" + cookie.substring(cookie.indexOf('=') + 1) + "&token="
                + t.admin, "Content-Type", "application/x-www-form-urlencoded", "Cookie", cookie,
                "X-Forwarded-Proto", "https", "Origin", "https://crashes.example", "X-Forwarded-Host", "crashes.example");
        assertThat(login.status()).isEqualTo(303);
        assertThat(login.header("Set-Cookie")).startsWith("koops_session=").endsWith("; Secure");
        assertThat(http.get("/login").header("Set-Cookie")).doesNotContain("Secure");
    }

    /** The value of a hidden field of a page's first form with that name. */
    private static String formValue(String page, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"")
                .matcher(page);
        assertThat(m.find()).as("a field " + name).isTrue();
        return m.group(1);
    }

    private List<String> titles(String path) {
        List<String> titles = new ArrayList<>();
        http.get(path).json().get("items").forEach(b -> titles.add(b.get("title").asText()));
        return titles;
    }

    private static JsonNode breakdown(JsonNode bug, String facet) {
        for (JsonNode b : bug.get("breakdowns")) {
            if (b.get("facet").asText().equals(facet)) {
                return b;
            }
        }
        throw new AssertionError("no breakdown " + facet);
    }
}
