package io.sluice.engine.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.connectors.storage.ftp.FtpTestServer;
import io.sluice.engine.demo.DemoData;
import io.sluice.engine.testing.DemoFixture;
import io.sluice.engine.testing.NodeProcess;
import io.sluice.engine.testing.SluiceLauncher;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A day of operation on real {@code ./sluice node} processes started through the launcher, as
 * the README starts them: registered jobs on a scheduled minute, trigger, a fire while a run of
 * the job is in flight (skip and queue), unregister, a node restart that keeps the jobs, and a
 * worker-only node that answers /health and /metrics. The input comes from an FTP server that
 * sends 1.5 KB/s, so that runs stay in flight as long as the test needs.
 */
class NodeOperationsIT {
  private static final String TOKEN = "an-operations-test-token-of-40-characters";
  private static final Pattern RUN_ID = Pattern.compile("([a-z0-9-]+-\\d{8}-\\d{6}-[0-9a-f]{4})");

  @TempDir Path dir;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private FtpTestServer ftp;

  @AfterEach
  void stop() throws Exception {
    nodes.forEach(NodeProcess::close);
    if (ftp != null) ftp.close();
  }

  @Test
  void registeredJobsFireSkipQueueAndSurviveARestart() throws Exception {
    Path ftpHome = Files.createDirectories(dir.resolve("ftp-home/in"));
    DemoData.Result data = DemoFixture.data();
    try (Stream<Path> files = Files.list(data.inputDir())) {
      for (Path f : files.toList()) Files.copy(f, ftpHome.resolve(f.getFileName()));
    }
    ftp = FtpTestServer.startThrottled(dir.resolve("ftp-home"), 1500);
    Path skipJob = job("skip-job", "skip");
    Path queueJob = job("queue-job", "queue");

    int seedPort = NodeProcess.freePort();
    NodeProcess coordinator = node("a", seedPort, seedPort, "coordinator, worker", NodeProcess.freePort());
    NodeProcess worker = node("w", NodeProcess.freePort(), seedPort, "worker", NodeProcess.freePort());
    coordinator.awaitLog("HTTP API on", Duration.ofSeconds(120));
    worker.awaitLog("/health and /metrics on", Duration.ofSeconds(120));
    coordinator.awaitLog("members: 2", Duration.ofSeconds(60));
    String api = coordinator.http();

    // A worker-only node can be health-checked and scraped.
    HttpResponse<String> health = worker.awaitHealthy(Duration.ofSeconds(60));
    assertEquals("OK", health.body().strip());
    HttpResponse<String> metrics = worker.get("/metrics");
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.body().contains("# TYPE sluice_"), metrics.body());

    // Registered early in a minute, so that both runs are in flight when the next minute fires
    // (a fire that comes first is handled too: see trigger()).
    awaitEarlyInAMinute();
    // register, as an operator does; the node must stay up (it died here on Java 17 before).
    assertCli(0, "registered job skip-job", "register", skipJob.toString(), "--api", api);
    assertCli(0, "registered job queue-job", "register", queueJob.toString(), "--api", api);
    String jobs = assertCli(0, "queue-job", "jobs", "--api", api);
    assertTrue(jobs.contains("skip-job") && jobs.contains("* * * * *"), jobs);

    // Runs of both jobs in flight; the schedule fires within a minute while they are.
    String skipRun = trigger("skip-job", api);
    String queueRun = trigger("queue-job", api);
    coordinator.awaitLog("job skip-job: schedule fired while run " + skipRun + " is in flight; skipped", Duration.ofSeconds(100));
    coordinator.awaitLog("job queue-job: schedule fired while run " + queueRun + " is in flight; queued", Duration.ofSeconds(100));
    assertEquals("RUNNING", status(api, skipRun), "the skipped fire left the running run alone");
    String fires = assertCli(0, "skipped", "jobs", "--api", api);
    assertTrue(fires.contains("queued"), fires);
    String scraped = coordinator.get("/metrics").body();
    assertTrue(scraped.contains("sluice_schedule_fires_total{job=\"skip-job\",outcome=\"skipped\"}"), scraped);

    // trigger honours overlap as a fire does: refused while the skip-job run is in flight.
    String refused = cli(2, "trigger", "skip-job", "--api", api);
    assertTrue(refused.contains(skipRun), refused);

    // The queued fire runs once the run it waited for ends.
    assertCli(0, "", "cancel", queueRun, "--api", api);
    awaitRunOf(api, "queue-job", queueRun);

    assertCli(0, "", "unregister", "skip-job", "--api", api);
    assertCli(0, "", "cancel", skipRun, "--api", api);
    assertTrue(!cli(0, "jobs", "--api", api).contains("skip-job"));

    // A restarted coordinator node still knows the registered job, from its disk store.
    // SIGTERM: a normal leave, which exits as the JVM does on that signal (143, a success to the unit)
    // and logs no warning about the connections it closes.
    assertEquals(143, coordinator.stop(), coordinator.logText());
    assertTrue(!coordinator.logText().contains("WARN  Materializer"), coordinator.logText());
    NodeProcess restarted = node("a", seedPort, seedPort, "coordinator, worker", Integer.parseInt(api.replaceAll(".*:", "")));
    restarted.awaitLogCount("HTTP API on", 2, Duration.ofSeconds(120));
    restarted.awaitLog("run manager started with 1 registered jobs", Duration.ofSeconds(60));
    String after = assertCli(0, "queue-job", "jobs", "--api", api);
    assertTrue(after.contains("* * * * *") && !after.contains("skip-job"), after);
    assertCli(0, "", "unregister", "queue-job", "--api", api);
    assertTrue(restarted.process().isAlive() && worker.process().isAlive(), "both nodes stayed up");
  }

  @Test
  void aNodeWhoseHttpPortIsTakenExitsWithTwoNamingTheKey() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int seedPort = NodeProcess.freePort();
      NodeProcess node = node("busy", seedPort, seedPort, "coordinator, worker", taken.getLocalPort());
      assertTrue(node.process().waitFor(120, java.util.concurrent.TimeUnit.SECONDS), node.logText());
      assertEquals(2, node.process().exitValue(), node.logText());
      assertTrue(node.logText().contains("error: sluice.api.port: cannot listen on 127.0.0.1:" + taken.getLocalPort()
          + " (the port is in use)"), node.logText());
    }
  }

  private Path job(String name, String overlap) throws Exception {
    DemoData.Result data = DemoFixture.data();
    Path file = dir.resolve(name + ".conf");
    Files.writeString(file, """
        job {
          name = "%s"
          schedule = "* * * * *"
          overlap = %s
          input {
            uri = "ftp://127.0.0.1:%d/in/"
            ftp { user = "%s", password = "%s" }
            # by column index: planning then reads no header over the slow connection
            csv.header = false
            id-column = "0", passthrough = ["1"], features = ["2", "3", "4", "5", "6"]
          }
          model { uri = "%s", labels = ["stay", "churn"] }
          output { uri = "%s", mode = overwrite }
          errors { max-bad-record-fraction = 0.05, max-bad-records = 100 }
        }
        """.formatted(name, overlap, ftp.port(), FtpTestServer.USER, FtpTestServer.PASSWORD,
        data.model().toUri(), dir.resolve("out-" + name).toUri()));
    return file;
  }

  private NodeProcess node(String name, int port, int seedPort, String roles, int httpPort) throws Exception {
    NodeProcess node = NodeProcess.start(dir, name, port, seedPort, roles, httpPort, Map.of(), "sluice.api.token=" + TOKEN);
    nodes.add(node);
    return node;
  }

  /** Runs {@code ./sluice ARGS} and checks its exit code and that its output holds {@code expected}. */
  private String assertCli(int exitCode, String expected, String... args) throws Exception {
    String output = cli(exitCode, args);
    assertTrue(output.contains(expected), output);
    return output;
  }

  private String cli(int exitCode, String... args) throws Exception {
    SluiceLauncher.Outcome outcome = SluiceLauncher.run(dir, Map.of("SLUICE_API_TOKEN", TOKEN), args);
    assertEquals(exitCode, outcome.exitCode(), "sluice " + String.join(" ", args) + ":\n" + outcome.output());
    return outcome.output();
  }

  /**
   * Triggers the job and returns its run in flight: the triggered one, or, when the schedule's
   * minute came first and started a run, that run (named in the trigger's refusal).
   */
  private String trigger(String job, String api) throws Exception {
    SluiceLauncher.Outcome outcome = SluiceLauncher.run(dir, Map.of("SLUICE_API_TOKEN", TOKEN), "trigger", job, "--api", api);
    if (outcome.exitCode() == 2 && outcome.output().contains("has a run in flight")) return runId(outcome.output());
    assertEquals(0, outcome.exitCode(), outcome.output());
    return runId(outcome.output());
  }

  private static void awaitEarlyInAMinute() throws InterruptedException {
    int second = java.time.LocalTime.now().getSecond();
    if (second > 20) Thread.sleep((62 - second) * 1000L);
  }

  private static String runId(String output) {
    Matcher m = RUN_ID.matcher(output);
    assertTrue(m.find(), output);
    return m.group(1);
  }

  private String status(String api, String runId) throws Exception {
    String out = cli(0, "status", runId, "--api", api);
    Matcher m = Pattern.compile("\\b(PENDING|RUNNING|SUCCEEDED|FAILED|CANCELLED)\\b").matcher(out);
    assertTrue(m.find(), out);
    return m.group(1);
  }

  /** Waits until `runs` lists a run of {@code job} other than {@code earlier}. */
  private void awaitRunOf(String api, String job, String earlier) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String runs = "";
    while (System.nanoTime() < deadline) {
      runs = cli(0, "runs", "--api", api);
      Matcher m = Pattern.compile("(" + job + "-\\d{8}-\\d{6}-[0-9a-f]{4})").matcher(runs);
      while (m.find()) if (!m.group(1).equals(earlier)) return;
      Thread.sleep(500);
    }
    throw new AssertionError("no queued run of " + job + " started:\n" + runs);
  }
}
