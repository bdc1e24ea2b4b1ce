package org.koops.server;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real browser: Debian's headless Chromium, driven through chromedriver. One test logs
 * in with a token, submits logs through the upload form (the repository's sample, hostile logs, and the
 * seeds in {@code ../shared/seeds} and a sample of syzkaller's report corpus in {@code ../shared/corpus}
 * when they are there), then reads the bug list, a bug page and a crash page. The other walks a team's
 * day on H2 and on PostgreSQL: bug list, bug page, crash page, search by module, mark fixed, and the
 * regression that reopens the bug.
 * Skipped, saying why, where Chromium or its driver is not installed ({@code .ci/run} installs both); the
 * walk on PostgreSQL also where no PostgreSQL server can start ({@link TestDatabases#postgres()}).
 */
// Among the module's longest classes: started first when test classes run in parallel (the parent pom).
@Order(1)
class BrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SEEDS = Path.of("..", "..", "shared", "seeds");
    private static final Path CORPUS = Path.of("..", "..", "shared", "corpus", "syzkaller-linux", "report");
    /** Every 50th file of syzkaller's report corpus: a dozen logs of different kinds. */
    private static final int CORPUS_STRIDE = 50;

    @TempDir
    Path dir;
    private TestServer t;
    private WebDriver browser;

    @BeforeEach
    void needsChromium() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver):"
                        + " apt-get install -y chromium chromium-driver");
    }

    private void start(String db) {
        t = TestServer.start(db);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + dir.resolve("chromium-profile"), "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (t != null) {
            t.close();
        }
    }

    /** A form post may return before the browser has followed the redirect. */
    private void awaitUrl(String regex, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!browser.getCurrentUrl().matches(regex) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(browser.getCurrentUrl()).as(what).matches(regex);
    }

    private void logIn() throws InterruptedException {
        open("/login");
        browser.findElement(By.name("token")).sendKeys(t.admin);
        browser.findElement(By.cssSelector("form.stacked button")).click();
        awaitUrl(".*/bugs", "after the login");
        assertThat(browser.findElement(By.cssSelector("header .name")).getText()).isEqualTo("alice");
    }

    /** Sends a log through the upload form and waits for its page. */
    private void upload(Path log, String host) throws IOException, InterruptedException {
        open("/upload");
        browser.findElement(By.name("log")).sendKeys(log.toRealPath().toString());
        browser.findElement(By.name("host")).sendKeys(host);
        browser.findElement(By.name("tags")).sendKeys("browser-test");
        browser.findElement(By.cssSelector("form.stacked button")).click();
        awaitUrl(".*/logs/\\d+", log.toString());
        assertThat(browser.findElement(By.cssSelector(".state")).getText()).isEqualTo("analysed");
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void aTeamFindsABugReadsItsCrashMarksItFixedAndSeesItComeBack(String database)
            throws IOException, InterruptedException {
        start(TestDatabases.of(database, dir.resolve("db")));
        logIn();
        upload(TestLogs.SAMPLE, "web-07");
        Path warning = dir.resolve("warning.log");
        Files.write(warning, TestLogs.resource("hostile-warning.log"));
        upload(warning, "db-1");

        open("/bugs");
        browser.findElement(By.linkText(TestLogs.SAMPLE_TITLE)).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(TestLogs.SAMPLE_TITLE);
        assertThat(browser.findElement(By.cssSelector("table.sample")).getText()).contains("NULL pointer dereference",
                "demo_show in koops_demo");
        assertThat(browser.findElement(By.cssSelector("table.releases")).getText()).contains("6.1.0-27-amd64");
        String bugUrl = browser.getCurrentUrl();
        screenshot("walk-bug-" + database);

        browser.findElement(By.cssSelector("table.crashes td.time a")).click();
        assertThat(browser.findElement(By.cssSelector("p.summary")).getText()).startsWith("NULL pointer dereference");
        assertThat(browser.findElements(By.cssSelector("table.trace tbody tr"))).hasSizeGreaterThan(3);
        assertThat(browser.findElement(By.cssSelector("table.annotated")).getText())
                .contains("BUG: kernel NULL pointer dereference, address: 0000000000000010");
        browser.findElement(By.cssSelector("table.annotated details summary")).click();
        assertThat(browser.findElement(By.cssSelector("table.annotated details li")).getText()).isNotBlank();
        screenshot("walk-crash-" + database);

        open("/bugs");
        browser.findElement(By.cssSelector(".more-filters summary")).click();
        browser.findElement(By.name("module")).sendKeys("koops_demo");
        browser.findElement(By.cssSelector("form.filters button")).click();
        awaitUrl(".*module=koops_demo.*", "the search by module");
        assertThat(browser.findElements(By.cssSelector("table.bugs td.title a")).stream().map(WebElement::getText))
                .containsExactly(TestLogs.SAMPLE_TITLE);

        browser.get(bugUrl);
        browser.findElement(By.cssSelector("#status option[value=fixed]")).click();
        browser.findElement(By.id("fix_commit")).sendKeys("1a2b3c4d");
        browser.findElement(By.id("fix_release")).sendKeys("6.1.0-28-amd64");
        browser.findElement(By.cssSelector("form.status-form button")).click();
        awaitUrl(java.util.regex.Pattern.quote(bugUrl), "after marking it fixed");
        // Closed at once: the fleet already runs a later release (the warning's 6.8.0-31-generic).
        assertThat(browser.findElement(By.cssSelector("p.facts .status")).getText()).isEqualTo("fixed");
        assertThat(browser.findElement(By.cssSelector("p.fix")).getText()).contains("1a2b3c4d", "6.1.0-28-amd64");

        Path fixedKernel = dir.resolve("on-6.1.0-28.log");
        Files.write(fixedKernel, TestLogs.onRelease(TestLogs.sampleVariant(5), "6.1.0-28-amd64"));
        upload(fixedKernel, "web-08");
        browser.get(bugUrl);
        assertThat(browser.findElements(By.cssSelector("p.facts .status")).stream().map(WebElement::getText))
                .containsExactly("open", "regression");
        assertThat(browser.findElement(By.cssSelector("p.note")).getText())
                .startsWith("regression: crashed again on 6.1.0-28-amd64");
        screenshot("walk-regression-" + database);
    }

    @Test
    void submitLogsThenReadTheBugListABugAndACrash() throws IOException, InterruptedException {
        start(TestDatabases.h2(dir.resolve("db")));
        logIn();

        List<Path> logs = logs();
        // What the library makes of each log: the page must show each title as text, whatever it holds.
        java.util.Set<String> expectedTitles = new java.util.LinkedHashSet<>();
        for (Path log : logs) {
            org.koops.Koops.create().analyze(log).reports().stream().filter(r -> r.duplicateOf() == null)
                    .forEach(r -> expectedTitles.add(BugTitles.of(r).get(0))); // placeholders file nothing
        }
        for (Path log : logs) {
            upload(log, "web-07");
        }

        open("/bugs?status=all&per_page=200");
        List<String> titles = browser.findElements(By.cssSelector("table.bugs td.title a")).stream()
                .map(WebElement::getText).toList();
        assertThat(titles).contains(TestLogs.SAMPLE_TITLE, TestLogs.HOSTILE_WARNING_TITLE)
                .contains("kernel panic: <script>alert(\"xss\")</script> & \"quotes\" 'single'");
        screenshot("bug-list");

        browser.findElement(By.linkText(TestLogs.SAMPLE_TITLE)).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(TestLogs.SAMPLE_TITLE);
        assertThat(browser.findElements(By.cssSelector("svg.chart rect"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("table.breakdown caption")).stream().map(WebElement::getText))
                .contains("Host", "Kernel release", "Architecture", "Taint", "Culprit module");
        assertThat(browser.findElement(By.xpath("//table[caption='Host']//td/a")).getText()).isEqualTo("web-07");
        screenshot("bug");

        browser.findElement(By.cssSelector("table.crashes td.time a")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(TestLogs.SAMPLE_TITLE);
        browser.findElement(By.xpath("//summary[text()='koops explain']")).click();
        String explanation = browser.findElement(By.cssSelector("pre.explain")).getText();
        assertThat(explanation).contains("Cause:", "Culprit:      demo_show in module koops_demo", "Next steps:");
        browser.findElement(By.xpath("//summary[starts-with(text(), 'Show the log')]")).click();
        assertThat(browser.findElement(By.cssSelector("pre.raw")).getText()).contains("koops_demo");
        screenshot("crash");

        open("/bugs?q=script&status=all");
        browser.findElement(By.partialLinkText("kernel panic: <script>")).click();
        browser.findElement(By.cssSelector("table.crashes td.time a")).click();
        browser.findElement(By.xpath("//summary[text()='koops explain']")).click();
        assertThat(browser.findElement(By.cssSelector("pre.explain")).getText())
                .contains("<script>alert(\"xss\")</script>"); // shown as text, never run

        for (String title : expectedTitles) { // a crash may join a bug by an alternative title: search finds both
            open("/bugs?status=all&q=" + java.net.URLEncoder.encode(title, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(browser.findElements(By.cssSelector("table.bugs td.title a"))).as(title).isNotEmpty();
        }
    }

    private List<Path> logs() throws IOException {
        List<Path> logs = new ArrayList<>(List.of(TestLogs.SAMPLE));
        for (String name : List.of("hostile-panic.log", "hostile-warning.log")) {
            Path copy = dir.resolve(name);
            Files.write(copy, TestLogs.resource(name));
            logs.add(copy);
        }
        if (Files.isDirectory(SEEDS)) {
            try (Stream<Path> seeds = Files.list(SEEDS)) {
                seeds.sorted().forEach(logs::add);
            }
        }
        if (Files.isDirectory(CORPUS)) {
            List<Path> corpus;
            try (Stream<Path> files = Files.list(CORPUS)) {
                corpus = files.filter(p -> p.getFileName().toString().matches("\\d+"))
                        .sorted(java.util.Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())))
                        .toList();
            }
            for (int i = 0; i < corpus.size(); i += CORPUS_STRIDE) {
                Path copy = dir.resolve("corpus-" + corpus.get(i).getFileName() + ".log");
                Files.write(copy, corpusLog(Files.readAllBytes(corpus.get(i))));
                logs.add(copy);
            }
        }
        return logs;
    }

    /** A corpus file without its header of expected results (the lines up to the first empty one, if any). */
    private static byte[] corpusLog(byte[] file) {
        if (file.length > 0 && file[0] == '\n') {
            return java.util.Arrays.copyOfRange(file, 1, file.length); // no header
        }
        for (int i = 0; i + 1 < file.length; i++) {
            if (file[i] == '\n' && file[i + 1] == '\n') {
                return java.util.Arrays.copyOfRange(file, i + 2, file.length);
            }
        }
        return file;
    }

    private void open(String path) {
        browser.get(t.http.base() + path);
    }

    /** For people: what the browser saw, in target/browser-test. */
    private void screenshot(String name) throws IOException {
        Path target = Path.of("target", "browser-test");
        Files.createDirectories(target);
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
