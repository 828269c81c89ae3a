package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.api.TestApiNode;
import io.sluice.engine.testing.DemoFixture;
import java.net.ServerSocket;
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
class ClientCommandsIT {
  private TestApiNode node;
  @TempDir Path dir;
  private final CliCapture cli = new CliCapture();

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
    return cli.run(args);
  }

  private Path job(String out, String... extra) {
    return DemoFixture.jobFile(dir, dir.resolve(out), extra);
  }

  @Test
  void submitWaitFollowsTheRunAndPrintsTheSummary() {
    assertEquals(0, sluice("submit", job("waited").toString(), "--wait", "--quiet"), cli.stderr());
    assertTrue(cli.stdout().matches("(?s)run demo-test-\\S+ SUCCEEDED in .*"), cli.stdout());
    assertTrue(cli.stdout().contains("records:    " + String.format(Locale.ROOT, "%,d", DemoFixture.data().records()) + " in"), cli.stdout());
    assertTrue(cli.stdout().contains("output:     file://" + dir.resolve("waited")), cli.stdout());
    assertTrue(Files.exists(dir.resolve("waited/_SUCCESS")));
  }

  @Test
  void aWaitedRunThatFailsExitsOne() {
    assertEquals(1, sluice("submit", job("strict").toString(), "--wait", "--quiet",
        "--set", "job.errors.max-bad-record-fraction=0"), cli.stdout() + cli.stderr());
    assertTrue(cli.stdout().contains(" FAILED in "), cli.stdout());
    assertTrue(cli.stdout().contains("error:"), cli.stdout());
  }

  @Test
  void submitPrintsTheRunIdWhichStatusAndRunsShow() throws Exception {
    assertEquals(0, sluice("submit", job("listed").toString()), cli.stderr());
    String runId = cli.stdout().trim();
    assertTrue(runId.matches("demo-test-[0-9]{8}-[0-9]{6}-[0-9a-f]{4}"), runId);

    assertEquals(0, sluice("status", runId), cli.stderr());
    assertTrue(cli.stdout().startsWith("run " + runId + " "), cli.stdout());
    assertTrue(cli.stdout().contains("  job:        demo-test"), cli.stdout());
    assertTrue(cli.stdout().contains("  partitions: "), cli.stdout());

    assertEquals(0, sluice("runs"), cli.stderr());
    assertTrue(cli.stdout().startsWith("RUN ID"), cli.stdout());
    assertTrue(cli.stdout().lines().anyMatch(l -> l.startsWith(runId + "  ") && l.contains("demo-test")), cli.stdout());
    assertEquals(0, sluice("status"), cli.stderr());
    assertTrue(cli.stdout().contains(runId), "status without an id lists every run");
    awaitEnd(runId);
  }

  private void awaitEnd(String runId) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      sluice("status", runId);
      if (!cli.stdout().startsWith("run " + runId + " RUNNING") && !cli.stdout().startsWith("run " + runId + " PENDING")) return;
      Thread.sleep(200);
    }
    throw new AssertionError("run " + runId + " did not end");
  }

  @Test
  void registeredJobsAreListedTriggeredAndUnregistered() {
    Path scheduled = job("scheduled", "job.schedule = \"0 2 * * *\"");
    assertEquals(0, sluice("register", scheduled.toString(), "--set", "job.name=nightly"), cli.stderr());
    assertTrue(cli.stdout().startsWith("registered job nightly on schedule \"0 2 * * *\"; next run at 20"), cli.stdout());
    assertTrue(cli.stdout().contains("\nwarning: job.output.mode = error-if-exists with a schedule: every fire after the first "
        + "will be refused"), cli.stdout());

    assertEquals(0, sluice("jobs"), cli.stderr());
    List<String> lines = cli.stdout().lines().toList();
    assertTrue(lines.get(0).startsWith("NAME") && lines.get(0).contains("NEXT FIRE TIME"), cli.stdout());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("nightly ") && l.contains("0 2 * * *") && l.contains("T02:00:00Z")), cli.stdout());

    assertEquals(0, sluice("trigger", "nightly", "--wait", "--quiet"), cli.stdout() + cli.stderr());
    assertTrue(cli.stdout().matches("(?s)run nightly-\\S+ SUCCEEDED in .*"), cli.stdout());
    String runId = cli.stdout().split(" ")[1];

    assertEquals(0, sluice("jobs"), cli.stderr());
    lines = cli.stdout().lines().toList();
    assertTrue(lines.get(0).matches("NAME +SCHEDULE +NEXT FIRE TIME +OVERLAP +LAST FIRE +OUTCOME +RUN ID +REASON"), cli.stdout());
    assertTrue(lines.get(1).matches("nightly +0 2 \\* \\* \\* +\\S+T02:00:00Z +skip +20\\S+Z +ran \\(trigger\\) +"
        + runId.replace("-", "\\-") + " +-"), cli.stdout());

    assertEquals(0, sluice("unregister", "nightly"), cli.stderr());
    assertEquals("unregistered job nightly\n", cli.stdout());
    assertEquals(2, sluice("unregister", "nightly"));
    assertTrue(cli.stderr().contains("no registered job named 'nightly'"), cli.stderr());
    assertEquals(2, sluice("trigger", "nightly"));
  }

  @Test
  void anInvalidJobExitsTwoBeforeAnythingIsSent() {
    assertEquals(2, sluice("submit", job("typo", "job.batching.max-szie = 10").toString()));
    assertTrue(cli.stderr().contains("job.batching.max-szie"), cli.stderr());
    assertEquals(2, sluiceAsIs("submit", job("typo2", "job.batching.max-szie = 10").toString(), "--api", "http://127.0.0.1:1"),
        "the job is checked locally, so an unreachable API does not matter");
  }

  @Test
  void unknownRunsExitTwo() {
    assertEquals(2, sluice("status", "no-such-run"));
    assertTrue(cli.stderr().contains("no run with id 'no-such-run'"), cli.stderr());
    assertEquals(2, sluice("cancel", "no-such-run"));
  }

  @Test
  void aWrongTokenExitsTwoSayingSo() {
    assertEquals(2, sluiceAsIs("runs", "--api", node.url(), "--token", "not-the-token"));
    assertTrue(cli.stderr().contains("the API refused the token (401)"), cli.stderr());
    assertFalse(cli.stderr().contains(TestApiNode.TOKEN));
  }

  @Test
  void anUnreachableApiExitsOneNamingTheUrl() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort;
    assertEquals(1, sluiceAsIs("runs", "--api", url));
    assertTrue(cli.stderr().contains("cannot reach the Sluice API at " + url), cli.stderr());
  }

  @Test
  void optionsACommandDoesNotTakeAreRefused() {
    assertEquals(2, sluiceAsIs("run", "job.conf", "--api", node.url()));
    assertTrue(cli.stderr().contains("'run' does not take --api"), cli.stderr());
    assertEquals(2, sluiceAsIs("jobs", "extra"));
    assertEquals(2, sluiceAsIs("submit", "job.conf", "--api", "localhost:7077"));
    assertTrue(cli.stderr().contains("--api: 'localhost:7077' is not a URL"), cli.stderr());
  }
}
