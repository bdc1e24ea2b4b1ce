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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
 * The dashboard in a real browser: Debian's headless Chromium, driven through chromedriver, logs in with
 * a token, submits logs through the upload form (the repository's sample, hostile logs, and the seeds in
 * {@code ../shared/seeds} and a sample of syzkaller's report corpus in {@code ../shared/corpus} when they
 * are there), then reads the bug list, a bug page and a crash page.
 * Skipped, saying why, where Chromium or its driver is not installed ({@code .ci/run} installs both).
 */
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
    void start() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver):"
                        + " apt-get install -y chromium chromium-driver");
        t = TestServer.start(TestDatabases.h2(dir.resolve("db")));
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

    @Test
    void submitLogsThenReadTheBugListABugAndACrash() throws IOException, InterruptedException {
        open("/login");
        browser.findElement(By.name("token")).sendKeys(t.admin);
        browser.findElement(By.cssSelector("form.stacked button")).click();
        awaitUrl(".*/bugs", "after the login");
        assertThat(browser.findElement(By.cssSelector("header .name")).getText()).isEqualTo("alice");

        List<Path> logs = logs();
        // What the library makes of each log: the page must show each title as text, whatever it holds.
        java.util.Set<String> expectedTitles = new java.util.LinkedHashSet<>();
        for (Path log : logs) {
            org.koops.Koops.create().analyze(log).reports().stream().filter(r -> r.duplicateOf() == null)
                    .forEach(r -> expectedTitles.add(BugTitles.of(r).get(0))); // placeholders file nothing
        }
        for (Path log : logs) {
            open("/upload");
            browser.findElement(By.name("log")).sendKeys(log.toRealPath().toString());
            browser.findElement(By.name("host")).sendKeys("web-07");
            browser.findElement(By.name("tags")).sendKeys("browser-test");
            browser.findElement(By.cssSelector("form.stacked button")).click();
            // A form post may return before the browser has followed the redirect.
            awaitUrl(".*/logs/\\d+", log.toString());
            assertThat(browser.findElement(By.cssSelector(".state")).getText()).isEqualTo("analysed");
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
        assertThat(browser.findElement(By.cssSelector("table.breakdown td a")).getText()).isEqualTo("web-07");
        screenshot("bug");

        browser.findElement(By.cssSelector("table.crashes td.time a")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(TestLogs.SAMPLE_TITLE);
        String explanation = browser.findElement(By.cssSelector("pre.explain")).getText();
        assertThat(explanation).contains("Cause:", "Culprit:      demo_show in module koops_demo", "Next steps:");
        browser.findElement(By.tagName("summary")).click();
        assertThat(browser.findElement(By.cssSelector("pre.raw")).getText()).contains("koops_demo");
        screenshot("crash");

        open("/bugs?q=script&status=all");
        browser.findElement(By.partialLinkText("kernel panic: <script>")).click();
        browser.findElement(By.cssSelector("table.crashes td.time a")).click();
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
