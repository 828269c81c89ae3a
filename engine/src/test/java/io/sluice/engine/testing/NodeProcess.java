package io.sluice.engine.testing;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code ./sluice node} process as the README starts it, on loopback ports of its own, with
 * its output in {@code <dir>/<name>.log} and its registered jobs under {@code <dir>/ddata-<name>}.
 */
public final class NodeProcess implements AutoCloseable {
  private final String name;
  private final Path log;
  private final Process process;
  private final int apiPort;

  private NodeProcess(String name, Path log, Process process, int apiPort) {
    this.name = name;
    this.log = log;
    this.process = process;
    this.apiPort = apiPort;
  }

  /**
   * Starts a node: {@code roles} as in {@code pekko.cluster.roles}, remoting on {@code port}, seeded
   * by the node on {@code seedPort}, HTTP on {@code apiPort}; {@code extraSets} are more --set values.
   */
  public static NodeProcess start(Path dir, String name, int port, int seedPort, String roles, int apiPort,
      Map<String, String> env, String... extraSets) throws IOException {
    List<String> args = new ArrayList<>(List.of("node",
        "--set", "pekko.remote.artery.canonical.port=" + port,
        "--set", "pekko.cluster.seed-nodes=[\"pekko://sluice@127.0.0.1:" + seedPort + "\"]",
        "--set", "pekko.cluster.roles=[" + roles + "]",
        "--set", "pekko.cluster.split-brain-resolver.stable-after=3s",
        "--set", "pekko.cluster.distributed-data.durable.lmdb.dir=" + dir.resolve("ddata-" + name),
        "--set", "sluice.api.port=" + apiPort));
    for (String set : extraSets) {
      args.add("--set");
      args.add(set);
    }
    Path log = dir.resolve(name + ".log");
    ProcessBuilder builder = SluiceLauncher.builder(dir, Map.of("SLUICE_LOG_LEVEL", "INFO", "SLUICE_JAVA_OPTS", "-Xmx512m"),
        args.toArray(String[]::new));
    builder.environment().putAll(env);
    // Appended, so that a node started again under the same name keeps one log.
    return new NodeProcess(name, log, builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start(), apiPort);
  }

  /** The node's HTTP address: the API on a coordinator, /health and /metrics on every node. */
  public String http() {
    return "http://127.0.0.1:" + apiPort;
  }

  public Path log() {
    return log;
  }

  public Process process() {
    return process;
  }

  /** Waits until the log holds {@code text}, counting from the log's start. */
  public void awaitLog(String text, Duration within) throws Exception {
    awaitLogCount(text, 1, within);
  }

  /** Waits until the log holds {@code text} at least {@code times} times (a restarted node logs it again). */
  public void awaitLogCount(String text, int times, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && occurrences(Files.readString(log), text) >= times) return;
      if (!process.isAlive()) break;
      Thread.sleep(200);
    }
    throw new AssertionError("node " + name + " never logged '" + text + "' " + times + " time(s):\n" + logText());
  }

  /** GET {@code path} on the node's HTTP server, without a token. */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http() + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Waits until GET /health answers 200: the node's HTTP server is bound (the start-up line that
   * names its address comes before) and the node sees itself Up (the seed may see it Up first).
   */
  public HttpResponse<String> awaitHealthy(Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        HttpResponse<String> health = get("/health");
        if (health.statusCode() == 200) return health;
        last = health.statusCode() + " " + health.body();
      } catch (java.net.ConnectException notBoundYet) {
        last = "connection refused";
      }
      Thread.sleep(200);
    }
    throw new AssertionError("node " + name + " never answered /health with 200 (last: " + last + "):\n" + logText());
  }

  public String logText() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** SIGTERM, as systemd stops a node, and waits for the process to end; returns its exit code. */
  public int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    return process.exitValue();
  }

  /** SIGKILL and the descendants: no goodbye. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static int occurrences(String haystack, String needle) {
    int count = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) count++;
    return count;
  }
}
