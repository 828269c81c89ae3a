package io.sluice.connectors.storage.s3;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Adobe S3Mock (copied to target/s3mock by the build) run as a child JVM on loopback ports, with
 * its own temporary root and log file, for the S3 integration tests (public for other modules'
 * tests through the test jar).
 */
public final class S3MockServer implements AutoCloseable {
  private static final Path JAR = Path.of("target", "s3mock", "s3mock.jar");

  private final Process process;
  private final int port;
  private final Path root;

  private S3MockServer(Process process, int port, Path root) {
    this.process = process;
    this.port = port;
    this.root = root;
  }

  /** Starts S3Mock from this module's target/s3mock/s3mock.jar; see {@link #start(Path, String...)}. */
  public static S3MockServer start(String... buckets) throws Exception {
    return start(JAR, buckets);
  }

  /** Starts the S3Mock runnable {@code jar} with {@code buckets} created and waits (up to a minute) until it answers. */
  public static S3MockServer start(Path jar, String... buckets) throws Exception {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run through Maven (generate-test-resources copies it)");
    }
    int httpPort = freePort();
    int httpsPort = freePort();
    Path root = Files.createTempDirectory("s3mock");
    Path log = Files.createDirectories(Path.of("target")).resolve("s3mock-" + httpPort + ".log");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-jar",
                jar.toString(),
                "--com.adobe.testing.s3mock.http-port=" + httpPort,
                "--server.port=" + httpsPort,
                "--com.adobe.testing.s3mock.domain.root=" + root,
                "--com.adobe.testing.s3mock.region=us-east-1",
                "--com.adobe.testing.s3mock.domain.initial-buckets=" + String.join(",", buckets))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    S3MockServer server = new S3MockServer(process, httpPort, root);
    server.awaitUp(log);
    return server;
  }

  /** The plain-HTTP port. */
  public int port() {
    return port;
  }

  /** The plain-HTTP endpoint URL. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  private void awaitUp(Path log) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Mock exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
      }
      try {
        HttpResponse<Void> answer = client.send(
            HttpRequest.newBuilder(URI.create(endpoint() + "/")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() == 200) return;
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    close();
    throw new IllegalStateException("S3Mock did not answer within a minute; see " + log.toAbsolutePath());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(15, TimeUnit.SECONDS);
    }
    if (!Files.exists(root)) return; // S3Mock removes its root itself when it exits cleanly
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
