package io.sluice.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.engine.testing.DelayedServices;
import io.sluice.engine.testing.DemoFixture;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console (contract §11) in a real browser: Debian's chromium driven by Selenium through
 * Debian's chromedriver, against a real node with a token. The user enters the token, watches a
 * run go to SUCCEEDED, opens it and sees its partition grid and bad records; an input file named
 * like an HTML tag shows as text and runs nothing. Screenshots of every page go to
 * {@code target/console-screenshots} (the README shows copies from {@code docs/console}).
 */
class ConsoleBrowserIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String HOSTILE = "<img src=x onerror=alert(1)>.csv";
  private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  private final HttpClient http = HttpClient.newHttpClient();
  private TestApiNode node;
  private ChromeDriver browser;
  @TempDir Path dir;

  @BeforeEach
  void start() throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "the console's browser test needs Debian's chromium and chromedriver (apt-get install -y chromium chromium-driver; "
            + ".ci/run installs them): " + CHROMIUM + " or " + CHROMEDRIVER + " is missing");
    // Slow commits keep the run in flight long enough to be watched in progress.
    node = new TestApiNode(system -> DelayedServices.create(system, Duration.ofMillis(400), store -> {}));
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless", "--no-sandbox",
        "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-dev-shm-usage", "--window-size=1366,1000",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterEach
  void stop() {
    if (browser != null) browser.quit();
    if (node != null) node.close();
  }

  @Test
  void aUserWatchesARunSucceedAndReadsItsBadRecordsAsText() throws Exception {
    Path input = hostileInput();
    register("nightly-scores", input);

    browser.get(node.url() + "/");
    WebElement token = until(60, ExpectedConditions.visibilityOfElementLocated(By.id("token"))::apply);
    screenshot("0-token");
    token.sendKeys(TestApiNode.TOKEN);
    browser.findElement(By.id("token-submit")).click();
    until(60, ExpectedConditions.visibilityOfElementLocated(By.id("runs-table"))::apply);

    // The page refreshes by itself: the run appears, is seen in progress, and ends.
    String runId = submit(job(input, "console-demo"));
    By row = By.cssSelector("#runs-table tr[data-run-id='" + runId + "']");
    until(60, d -> d.findElement(row).getText().contains("RUNNING"));
    screenshot("1-runs-running");
    until(120, d -> d.findElement(row).getText().contains("SUCCEEDED"));
    screenshot("1-runs");

    until(30, d -> {
      d.findElement(row).findElement(By.tagName("a")).click();
      return true;
    });
    until(60, d -> d.findElement(By.id("run-status")).getText().contains("SUCCEEDED"));
    JsonNode status = ApiJson.parse(get("/api/v1/runs/" + runId));
    int partitions = status.path("partitions").path("total").asInt();
    assertTrue(partitions > 1, "several partitions to show: " + status);
    until(60, d -> d.findElements(By.cssSelector("#partition-grid .cell.state-committed")).size() == partitions);
    // The table is drawn anew at each refresh: it is read whole, in one go, between two.
    String files = until(60, d -> {
      List<WebElement> cells = d.findElements(By.cssSelector("#bad-records-table tbody tr .file"));
      return cells.isEmpty() ? null : cells.stream().map(WebElement::getText).collect(Collectors.joining("\n"));
    });
    assertTrue(files.contains(HOSTILE), "the hostile file name shows as text: " + files);
    String records = until(30, d -> d.findElement(By.id("bad-records-table")).getText());
    assertTrue(records.contains("<script>alert(2)</script>"), "a bad record's text shows as text: " + records);
    assertTrue(browser.findElements(By.cssSelector("#view img, #view script")).isEmpty(), "no element was made from user data");
    until(60, d -> d.findElements(By.cssSelector("#throughput-chart canvas")).size() > 0);
    browser.executeScript("window.scrollTo(0, 0)");
    screenshot("2-run");
    browser.executeScript("document.getElementById('bad-records').scrollIntoView()");
    screenshot("2-run-bad-records");
    browser.findElement(By.cssSelector("#manifest-section summary")).click();
    until(60, d -> d.findElement(By.id("manifest")).getText().matches("(?s).*\"runId\" ?: \"" + runId + "\".*"));
    assertNoAlert();

    browser.get(node.url() + "/#/jobs");
    // the job's triggered run may still be going: the page shows its status once it ended
    By jobRow = By.cssSelector("#jobs-table tr[data-job='nightly-scores']");
    String job = until(120, d -> {
      String text = d.findElement(jobRow).getText();
      return text.contains("SUCCEEDED") ? text : null;
    });
    assertTrue(job.contains("0 2 * * *") && job.contains("trigger") && job.contains("ran"),
        "the schedule, the fire, its outcome and its run's status: " + job);
    screenshot("3-jobs");

    browser.get(node.url() + "/#/nodes");
    until(60, d -> d.findElements(By.cssSelector("#nodes-table tr[data-node]")).size() == 1);
    until(30, d -> d.findElement(By.id("nodes-table")).getText().contains("coordinator, worker"));
    screenshot("4-nodes");

    assertNoAlert();
    List<LogEntry> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .filter(e -> !e.getMessage().contains("/api/v1/runs - Failed to load resource: the server responded with a status of 401"))
        .toList(); // the console's first call, before the token, is answered 401: that is how it knows to ask
    assertEquals(List.of(), problems.stream().map(LogEntry::getMessage).toList(),
        "no script error and no Content-Security-Policy violation in the browser");
  }

  @Test
  void theConsoleIsServedWithAStrictContentSecurityPolicy() throws Exception {
    for (String path : List.of("/", "/console/app.js", "/console/lib/uPlot.esm.js", "/console/console.css")) {
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(node.url() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode(), path);
      String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
      assertTrue(policy.contains("script-src 'self'") && policy.contains("default-src 'none'"), path + ": " + policy);
      assertFalse(policy.contains("unsafe-inline") || policy.contains("unsafe-eval"), policy);
    }
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertFalse(page.body().matches("(?s).*<script(?![^>]*\\bsrc=)[^>]*>.*"), "no inline script in the page");
    // A page of another site cannot read the API through the browser: its Origin is refused.
    HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/runs"))
        .header("Origin", "http://evil.example").header("Authorization", "Bearer " + TestApiNode.TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(403, foreign.statusCode());
  }

  /** Waits for {@code condition} to give a value (not null, not false); the page redraws, so stale elements are tried again. */
  private <T> T until(int seconds, java.util.function.Function<org.openqa.selenium.WebDriver, T> condition) {
    return new WebDriverWait(browser, Duration.ofSeconds(seconds))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
  }

  private void assertNoAlert() {
    assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert(), "no script from user data ran");
  }

  private void screenshot(String name) throws IOException {
    File shot = browser.getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** The demo's input files, one of them renamed to an HTML tag and given a bad record holding a script. */
  private Path hostileInput() throws IOException {
    Path input = Files.createDirectories(dir.resolve("in"));
    List<Path> files;
    try (var listed = Files.list(DemoFixture.data().inputDir())) {
      files = listed.sorted().toList();
    }
    for (int i = 0; i < files.size(); i++) {
      Path target = input.resolve(i == 0 ? HOSTILE : files.get(i).getFileName().toString());
      Files.copy(files.get(i), target);
    }
    Files.writeString(input.resolve(HOSTILE), "H-1,<script>alert(2)</script>,oops,1,2,3,4\n", StandardOpenOption.APPEND);
    return input;
  }

  private static String job(Path input, String name) {
    var d = DemoFixture.data();
    String features = d.features().stream().map(f -> "\"" + f + "\"").collect(Collectors.joining(", "));
    return """
        job {
          name = "%s"
          input { uri = "%s", id-column = "customer_id", passthrough = ["region"], features = [%s], split-size = 16KiB }
          model { uri = "%s", labels = ["stay", "churn"] }
          batching { max-size = 256 }
          output { uri = "%s", mode = overwrite }
          errors { max-bad-record-fraction = 0.05 }
          workers { partitions-in-flight = 2 }
        }
        """.formatted(name, input.toUri(), features, d.model().toUri(), input.getParent().resolve("out-" + name).toUri());
  }

  private String submit(String job) throws Exception {
    HttpResponse<String> answer = send("POST", "/api/v1/runs", job);
    assertEquals(202, answer.statusCode(), answer.body());
    return ApiJson.parse(answer.body()).path("runId").asText();
  }

  /** A job on a nightly schedule, triggered once so that it has a fire to show. */
  private void register(String name, Path input) throws Exception {
    String job = job(input, name).replace("job {", "job {\n  schedule = \"0 2 * * *\"");
    HttpResponse<String> registered = send("PUT", "/api/v1/jobs/" + name, job);
    assertEquals(200, registered.statusCode(), registered.body());
    HttpResponse<String> triggered = send("POST", "/api/v1/jobs/" + name + "/runs", null);
    assertEquals(202, triggered.statusCode(), triggered.body());
  }

  private String get(String path) throws Exception {
    return send("GET", path, null).body();
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(node.url() + path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + TestApiNode.TOKEN)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
