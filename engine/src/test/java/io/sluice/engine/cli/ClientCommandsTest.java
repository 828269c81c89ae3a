package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.api.TestApiNode;
import io.sluice.engine.testing.DemoFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The client commands against a real node's HTTP API in this JVM: output and exit codes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientCommandsTest {
  private TestApiNode node;
  @TempDir Path dir;
  private String stdout;
  private String stderr;

  @BeforeAll
  void start() {
    node = new TestApiNode();
  }

  @AfterAll
  void stop() {
    node.close();
  }

  /** Runs {@code sluice} with the node's URL and token appended. */
  private int sluice(String... args) {
    List<String> argv = new ArrayList<>(List.of(args));
    argv.addAll(List.of("--api", node.url(), "--token", TestApiNode.TOKEN));
    return sluiceAsIs(argv.toArray(String[]::new));
  }

  private int sluiceAsIs(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    stdout = out.toString(StandardCharsets.UTF_8);
    stderr = err.toString(StandardCharsets.UTF_8);
    return code;
  }

  private Path job(String out, String... extra) {
    return DemoFixture.jobFile(dir, dir.resolve(out), extra);
  }

  @Test
  void submitWaitFollowsTheRunAndPrintsTheSummary() {
    assertEquals(0, sluice("submit", job("waited").toString(), "--wait", "--quiet"), stderr);
    assertTrue(stdout.matches("(?s)run demo-test-\\S+ SUCCEEDED in .*"), stdout);
    assertTrue(stdout.contains("records:    " + String.format(Locale.ROOT, "%,d", DemoFixture.data().records()) + " in"), stdout);
    assertTrue(stdout.contains("output:     file://" + dir.resolve("waited")), stdout);
    assertTrue(Files.exists(dir.resolve("waited/_SUCCESS")));
  }

  @Test
  void aWaitedRunThatFailsExitsOne() {
    assertEquals(1, sluice("submit", job("strict").toString(), "--wait", "--quiet",
        "--set", "job.errors.max-bad-record-fraction=0"), stdout + stderr);
    assertTrue(stdout.contains(" FAILED in "), stdout);
    assertTrue(stdout.contains("error:"), stdout);
  }

  @Test
  void submitPrintsTheRunIdWhichStatusAndRunsShow() throws Exception {
    assertEquals(0, sluice("submit", job("listed").toString()), stderr);
    String runId = stdout.trim();
    assertTrue(runId.matches("demo-test-[0-9]{8}-[0-9]{6}-[0-9a-f]{4}"), runId);

    assertEquals(0, sluice("status", runId), stderr);
    assertTrue(stdout.startsWith("run " + runId + " "), stdout);
    assertTrue(stdout.contains("  job:        demo-test"), stdout);
    assertTrue(stdout.contains("  partitions: "), stdout);

    assertEquals(0, sluice("runs"), stderr);
    assertTrue(stdout.startsWith("RUN ID"), stdout);
    assertTrue(stdout.lines().anyMatch(l -> l.startsWith(runId + "  ") && l.contains("demo-test")), stdout);
    assertEquals(0, sluice("status"), stderr);
    assertTrue(stdout.contains(runId), "status without an id lists every run");
    awaitEnd(runId);
  }

  private void awaitEnd(String runId) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      sluice("status", runId);
      if (!stdout.startsWith("run " + runId + " RUNNING") && !stdout.startsWith("run " + runId + " PENDING")) return;
      Thread.sleep(200);
    }
    throw new AssertionError("run " + runId + " did not end");
  }

  @Test
  void registeredJobsAreListedTriggeredAndUnregistered() {
    Path scheduled = job("scheduled", "job.schedule = \"0 2 * * *\"");
    assertEquals(0, sluice("register", scheduled.toString(), "--set", "job.name=nightly"), stderr);
    assertTrue(stdout.startsWith("registered job nightly on schedule \"0 2 * * *\"; next run at 20"), stdout);
    assertTrue(stdout.contains("\nwarning: job.output.mode = error-if-exists with a schedule: every fire after the first "
        + "will be refused"), stdout);

    assertEquals(0, sluice("jobs"), stderr);
    List<String> lines = stdout.lines().toList();
    assertTrue(lines.get(0).startsWith("NAME") && lines.get(0).contains("NEXT FIRE TIME"), stdout);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("nightly ") && l.contains("0 2 * * *") && l.contains("T02:00:00Z")), stdout);

    assertEquals(0, sluice("trigger", "nightly", "--wait", "--quiet"), stdout + stderr);
    assertTrue(stdout.matches("(?s)run nightly-\\S+ SUCCEEDED in .*"), stdout);
    String runId = stdout.split(" ")[1];

    assertEquals(0, sluice("jobs"), stderr);
    lines = stdout.lines().toList();
    assertTrue(lines.get(0).matches("NAME +SCHEDULE +NEXT FIRE TIME +OVERLAP +LAST FIRE +OUTCOME +RUN ID +REASON"), stdout);
    assertTrue(lines.get(1).matches("nightly +0 2 \\* \\* \\* +\\S+T02:00:00Z +skip +20\\S+Z +ran \\(trigger\\) +"
        + runId.replace("-", "\\-") + " +-"), stdout);

    assertEquals(0, sluice("unregister", "nightly"), stderr);
    assertEquals("unregistered job nightly\n", stdout);
    assertEquals(2, sluice("unregister", "nightly"));
    assertTrue(stderr.contains("no registered job named 'nightly'"), stderr);
    assertEquals(2, sluice("trigger", "nightly"));
  }

  @Test
  void anInvalidJobExitsTwoBeforeAnythingIsSent() {
    assertEquals(2, sluice("submit", job("typo", "job.batching.max-szie = 10").toString()));
    assertTrue(stderr.contains("job.batching.max-szie"), stderr);
    assertEquals(2, sluiceAsIs("submit", job("typo2", "job.batching.max-szie = 10").toString(), "--api", "http://127.0.0.1:1"),
        "the job is checked locally, so an unreachable API does not matter");
  }

  @Test
  void unknownRunsExitTwo() {
    assertEquals(2, sluice("status", "no-such-run"));
    assertTrue(stderr.contains("no run with id 'no-such-run'"), stderr);
    assertEquals(2, sluice("cancel", "no-such-run"));
  }

  @Test
  void aWrongTokenExitsTwoSayingSo() {
    assertEquals(2, sluiceAsIs("runs", "--api", node.url(), "--token", "not-the-token"));
    assertTrue(stderr.contains("the API refused the token (401)"), stderr);
    assertFalse(stderr.contains(TestApiNode.TOKEN));
  }

  @Test
  void anUnreachableApiExitsOneNamingTheUrl() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort;
    assertEquals(1, sluiceAsIs("runs", "--api", url));
    assertTrue(stderr.contains("cannot reach the Sluice API at " + url), stderr);
  }

  @Test
  void optionsACommandDoesNotTakeAreRefused() {
    assertEquals(2, sluiceAsIs("run", "job.conf", "--api", node.url()));
    assertTrue(stderr.contains("'run' does not take --api"), stderr);
    assertEquals(2, sluiceAsIs("jobs", "extra"));
    assertEquals(2, sluiceAsIs("submit", "job.conf", "--api", "localhost:7077"));
    assertTrue(stderr.contains("--api: 'localhost:7077' is not a URL"), stderr);
  }
}
