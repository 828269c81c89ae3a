package io.sluice.engine.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.testing.ChurnCsv;
import io.sluice.engine.testing.DemoFixture;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
  private final List<Process> nodes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stopNodes() {
    nodes.forEach(Process::destroyForcibly);
  }

  @Test
  void aKilledWorkerNodeLosesNothing() throws Exception {
    Path input = Files.createDirectories(dir.resolve("in")).resolve("customers.csv");
    ChurnCsv.write(input, 40L * 1024 * 1024, 7);
    Path job = DemoFixture.jobFile(dir, dir.resolve("cluster-out"), "job.input.uri = \"" + input.toUri() + "\"",
        "job.input.split-size = 1MiB", "job.batching.max-size = 64", "job.errors.max-bad-record-fraction = 0",
        "job.errors.retry-backoff = 200ms");

    int seedPort = freePort();
    int apiPort = freePort();
    Process coordinator = startNode("a", seedPort, seedPort, "coordinator, worker", apiPort);
    Process doomed = startNode("b", freePort(), seedPort, "worker", freePort());
    startNode("c", freePort(), seedPort, "worker", freePort());
    for (String name : List.of("a", "b", "c")) awaitLog(name, "is up with roles", Duration.ofSeconds(90));
    awaitLog("a", "members: 3", Duration.ofSeconds(30));
    awaitLog("a", "HTTP API on", Duration.ofSeconds(30)); // the API binds after the node is up

    String api = "http://127.0.0.1:" + apiPort;
    HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/runs"))
        .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(Files.readString(job))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(202, submitted.statusCode(), submitted.body());
    String runId = field(submitted.body(), "runId");

    String status = awaitStatus(api, runId, s -> number(s, "done") >= 6, Duration.ofMinutes(3));
    assertEquals("RUNNING", field(status, "status"), status);
    doomed.destroyForcibly(); // SIGKILL: no goodbye, no hand-back
    String last = awaitStatus(api, runId, s -> !field(s, "status").equals("RUNNING") && !field(s, "status").equals("PENDING"),
        Duration.ofMinutes(4));
    assertEquals("SUCCEEDED", field(last, "status"), last);

    String manifest = Files.readString(dir.resolve("cluster-out/_manifest.json"));
    Matcher attempts = Pattern.compile("\"attempts\"\\s*:\\s*(\\d+)").matcher(manifest);
    int retried = 0;
    while (attempts.find()) if (Integer.parseInt(attempts.group(1)) > 1) retried++;
    assertTrue(retried > 0, "the killed node's partitions ran again elsewhere");

    assertEquals(0, runSingleNode(job), Files.readString(dir.resolve("single.log")));
    assertSameFiles(dir.resolve("single-out"), dir.resolve("cluster-out"));
  }

  private int runSingleNode(Path job) throws Exception {
    Process p = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), "io.sluice.engine.cli.Main",
        "run", job.toString(), "--quiet", "--set", "job.output.uri=" + dir.resolve("single-out").toUri())
        .redirectErrorStream(true).redirectOutput(dir.resolve("single.log").toFile()).start();
    nodes.add(p);
    return p.waitFor();
  }

  private Process startNode(String name, int port, int seedPort, String roles, int apiPort) throws IOException {
    // the launcher's options for the job store on disk (LMDB); a node refuses to start without them
    ProcessBuilder builder = new ProcessBuilder(java(), "-Xmx512m", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        "io.sluice.engine.cli.Main", "node", "--config", Path.of("..", "cluster-config", "node.conf").toString(),
        "--set", "pekko.remote.artery.canonical.port=" + port,
        "--set", "pekko.cluster.seed-nodes=[\"pekko://sluice@127.0.0.1:" + seedPort + "\"]",
        "--set", "pekko.cluster.roles=[" + roles + "]",
        "--set", "pekko.cluster.split-brain-resolver.stable-after=3s",
        "--set", "pekko.cluster.distributed-data.durable.lmdb.dir=" + dir.resolve("ddata-" + name),
        "--set", "sluice.api.port=" + apiPort,
        "--set", "sluice.api.token=" + TOKEN)
        .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
    builder.environment().put("SLUICE_LOG_LEVEL", "INFO");
    Process process = builder.start();
    nodes.add(process);
    return process;
  }

  private void awaitLog(String node, String text, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    Path log = dir.resolve(node + ".log");
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(text)) return;
      Thread.sleep(250);
    }
    throw new AssertionError("node " + node + " never logged '" + text + "':\n" + (Files.exists(log) ? Files.readString(log) : ""));
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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
