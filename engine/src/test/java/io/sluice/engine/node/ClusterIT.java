package io.sluice.engine.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.testing.ChurnCsv;
import io.sluice.engine.testing.DemoFixture;
import io.sluice.engine.testing.ScoreTables;
import io.sluice.engine.testing.NodeProcess;
import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
 * Three `sluice node` processes form a cluster on loopback; a job submitted through the HTTP
 * API survives a worker node killed with SIGKILL while it holds partitions, and its output is
 * byte for byte that of a single-node run.
 */
class ClusterIT {
  private static final String TOKEN = "cluster-it-token-with-at-least-32-characters";
  @TempDir Path dir;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stopNodes() {
    nodes.forEach(NodeProcess::close);
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void aKilledWorkerNodeLosesNothing() throws Exception {
    Path input = Files.createDirectories(dir.resolve("in")).resolve("customers.csv");
    ChurnCsv.write(input, 40L * 1024 * 1024, 7);
    Path job = DemoFixture.jobFile(dir, dir.resolve("cluster-out"), "job.input.uri = \"" + input.toUri() + "\"",
        "job.input.split-size = 1MiB", "job.batching.max-size = 64", "job.errors.max-bad-record-fraction = 0",
        "job.errors.retry-backoff = 200ms");

    ThreeNodes nodes = startThreeNodes();
    String api = nodes.api();
    int doomedPort = nodes.doomedPort();
    NodeProcess doomed = nodes.doomed();
    String runId = submit(api, job);

    String status = awaitStatus(api, runId, s -> number(s, "done") >= 6, Duration.ofMinutes(3));
    assertEquals("RUNNING", field(status, "status"), status);
    List<Integer> held = awaitHeldBy(api, runId, ":" + doomedPort, Duration.ofMinutes(1));
    doomed.close(); // SIGKILL: no goodbye, no hand-back
    String last = awaitEnded(api, runId);
    assertEquals("SUCCEEDED", field(last, "status"), last);

    String manifest = Files.readString(dir.resolve("cluster-out/_manifest.json"));
    Matcher attempts = Pattern.compile("\"attempts\"\\s*:\\s*(\\d+)").matcher(manifest);
    int retried = 0;
    while (attempts.find()) if (Integer.parseInt(attempts.group(1)) > 1) retried++;
    assertTrue(retried > 0, "the killed node's partitions ran again elsewhere");
    // A partition seen running on the killed node may still have committed before the SIGKILL landed; the others ran again.
    JsonNode after = partitions(api, runId);
    int ranAgain = 0;
    for (int id : held) {
      for (JsonNode p : after) {
        if (p.get("id").asInt() != id) continue;
        assertEquals("COMMITTED", p.get("status").asText(), p.toString());
        if (p.get("attempts").asInt() >= 2) ranAgain++;
      }
    }
    assertTrue(ranAgain > 0, "a partition the killed node held ran again elsewhere: " + after);

    assertEquals(0, runSingleNode(job), Files.readString(dir.resolve("single.log")));
    assertSameFiles(dir.resolve("single-out"), dir.resolve("cluster-out"));
  }

  /**
   * The same kill with a PostgreSQL output (contract §10): a partition the killed node was writing dies with its
   * connection's transaction and runs again elsewhere, so the table holds every input row exactly once.
   */
  @Test
  void aKilledWorkerNodeLeavesEveryRowOnceInPostgres() throws Exception {
    Path input = Files.createDirectories(dir.resolve("in")).resolve("customers.csv");
    long rows = ChurnCsv.write(input, 24L * 1024 * 1024, 5);
    String url = io.sluice.connectors.jdbc.PostgresTestServer.newDatabase("cluster");
    String login = "user = " + io.sluice.connectors.jdbc.PostgresTestServer.USER + ", password = \""
        + io.sluice.connectors.jdbc.PostgresTestServer.PASSWORD + "\"";
    Path job = DemoFixture.jobFile(dir, dir.resolve("unused"), "job.input.uri = \"" + input.toUri() + "\"",
        "job.input.split-size = 1MiB", "job.batching.max-size = 64", "job.errors.max-bad-record-fraction = 0",
        "job.errors.retry-backoff = 200ms", "job.output.uri = \"" + url + "\"", "job.output.jdbc { table = scores, " + login + " }");

    ThreeNodes nodes = startThreeNodes();
    String api = nodes.api();
    int doomedPort = nodes.doomedPort();
    NodeProcess doomed = nodes.doomed();
    String runId = submit(api, job);
    awaitStatus(api, runId, s -> number(s, "done") >= 3, Duration.ofMinutes(3));
    awaitHeldBy(api, runId, ":" + doomedPort, Duration.ofMinutes(1));
    doomed.close(); // SIGKILL: its open transactions die with its connections
    String last = awaitEnded(api, runId);
    assertEquals("SUCCEEDED", field(last, "status"), last);

    long[] c = ScoreTables.counts(url, "SELECT count(*), count(DISTINCT customer_id) FROM scores");
    assertEquals(rows, c[0], "every input row");
    assertEquals(rows, c[1], "each once");
    JsonNode after = partitions(api, runId);
    assertTrue(Pattern.compile("\"attempts\":[2-9]").matcher(after.toString()).find(), "a partition ran again: " + after);
  }

  private int runSingleNode(Path job) throws Exception {
    Process p = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), "io.sluice.engine.cli.Main",
        "run", job.toString(), "--quiet", "--set", "job.output.uri=" + dir.resolve("single-out").toUri())
        .redirectErrorStream(true).redirectOutput(dir.resolve("single.log").toFile()).start();
    processes.add(p);
    return p.waitFor();
  }

  /** A `./sluice node` process started through the launcher, as the README starts one. */
  /** Submits the job file through the API as an operator's client does; returns the run id. */
  private String submit(String api, Path job) throws Exception {
    HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/runs"))
        .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(Files.readString(job))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(202, submitted.statusCode(), submitted.body());
    return field(submitted.body(), "runId");
  }

  /** The run's status once it is neither RUNNING nor PENDING. */
  private String awaitEnded(String api, String runId) throws Exception {
    return awaitStatus(api, runId, s -> !field(s, "status").equals("RUNNING") && !field(s, "status").equals("PENDING"),
        Duration.ofMinutes(4));
  }

  /** The cluster of both tests: a coordinator node (API), the worker node the test kills, and one more worker. */
  private record ThreeNodes(String api, int doomedPort, NodeProcess doomed) {}

  private ThreeNodes startThreeNodes() throws Exception {
    int seedPort = NodeProcess.freePort();
    int apiPort = NodeProcess.freePort();
    NodeProcess coordinator = startNode("a", seedPort, seedPort, "coordinator, worker", apiPort);
    int doomedPort = NodeProcess.freePort();
    NodeProcess doomed = startNode("b", doomedPort, seedPort, "worker", NodeProcess.freePort());
    NodeProcess third = startNode("c", NodeProcess.freePort(), seedPort, "worker", NodeProcess.freePort());
    for (NodeProcess node : List.of(coordinator, doomed, third)) node.awaitLog("is up with roles", Duration.ofSeconds(90));
    coordinator.awaitLog("members: 3", Duration.ofSeconds(30));
    coordinator.awaitLog("HTTP API on", Duration.ofSeconds(30)); // the API binds after the node is up
    return new ThreeNodes("http://127.0.0.1:" + apiPort, doomedPort, doomed);
  }

  private NodeProcess startNode(String name, int port, int seedPort, String roles, int apiPort) throws IOException {
    NodeProcess node = NodeProcess.start(dir, name, port, seedPort, roles, apiPort, Map.of(), "sluice.api.token=" + TOKEN);
    nodes.add(node);
    return node;
  }

  private String awaitStatus(String api, String runId, java.util.function.Predicate<String> done, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/runs/" + runId))
          .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
      body = r.body();
      if (r.statusCode() == 200 && done.test(body)) return body;
      Thread.sleep(100);
    }
    throw new AssertionError("run " + runId + " did not get there; last status " + body + "\n" + Files.readString(dir.resolve("a.log")));
  }

  /** The partitions the node whose address ends with {@code nodeSuffix} is running, once it runs one. */
  private List<Integer> awaitHeldBy(String api, String runId, String nodeSuffix, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = partitions(api, runId);
      List<Integer> held = new ArrayList<>();
      for (JsonNode p : last) {
        if (p.get("status").asText().equals("RUNNING") && p.path("node").asText().endsWith(nodeSuffix)) held.add(p.get("id").asInt());
      }
      if (!held.isEmpty()) return held;
      Thread.sleep(50);
    }
    throw new AssertionError("the node " + nodeSuffix + " never held a partition: " + last);
  }

  private JsonNode partitions(String api, String runId) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/runs/" + runId + "/partitions"))
        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return new ObjectMapper().readTree(r.body()).get("partitions");
  }

  private static void assertSameFiles(Path expected, Path actual) throws IOException {
    List<Path> want = relativeFiles(expected);
    assertEquals(want, relativeFiles(actual));
    for (Path p : want) {
      assertArrayEquals(Files.readAllBytes(expected.resolve(p)), Files.readAllBytes(actual.resolve(p)), p.toString());
    }
  }

  /** Part and errors files; the manifest and _SUCCESS differ by run id and times. */
  private static List<Path> relativeFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(root::relativize)
          .filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
  }

  private static String field(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    return m.find() ? m.group(1) : "";
  }

  private static long number(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(\\d+)").matcher(json);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
