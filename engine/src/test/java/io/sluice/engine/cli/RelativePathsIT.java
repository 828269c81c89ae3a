package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.engine.api.TestApiNode;
import io.sluice.engine.demo.DemoData;
import io.sluice.engine.testing.DemoFixture;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job with relative paths means the same files to {@code validate} and to {@code submit}:
 * the CLI resolves them against its own working directory before the text leaves for a node,
 * whose working directory may be anywhere.
 */
class RelativePathsIT {
  /** A fresh directory below the working directory, named by a relative path. */
  private Path here;
  private final CliCapture cli = new CliCapture();

  @BeforeEach
  void makeRelativeDirectory() throws IOException {
    Path target = Files.createDirectories(Path.of("target"));
    here = Path.of("target").resolve(Files.createTempDirectory(target, "relative-paths-").getFileName());
    assertTrue(!here.isAbsolute());
  }

  @AfterEach
  void deleteIt() throws IOException {
    try (var paths = Files.walk(here)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  private int sluice(String... args) {
    return cli.run(args);
  }

  /** The demo data and model copied below {@link #here}, and a job that names them, and its output, by relative paths. */
  private Path relativeJob(String... extra) throws IOException {
    DemoData.Result data = DemoFixture.data();
    Path in = Files.createDirectories(here.resolve("data/in"));
    try (var files = Files.list(data.inputDir())) {
      for (Path f : files.toList()) Files.copy(f, in.resolve(f.getFileName().toString()));
    }
    Files.copy(data.model(), here.resolve("model.zip"));
    String features = data.features().stream().map(f -> "\"" + f + "\"").collect(Collectors.joining(", "));
    String text = """
        job {
          name = "relative"
          input { uri = "%s/data/in/", id-column = "customer_id", passthrough = ["region"], features = [%s] }
          model { uri = "%s/model.zip", labels = ["stay", "churn"] }
          output { uri = "%s/out/" }
          errors { max-bad-record-fraction = 0.05 }
        }
        """.formatted(here, features, here, here) + String.join("\n", extra) + "\n";
    return Files.writeString(here.resolve("job.conf"), text);
  }

  private Path absolute(String relative) {
    return here.resolve(relative).toAbsolutePath();
  }

  @Test
  void submitAndRegisterSendAbsoluteLocations() throws Exception {
    Path job = relativeJob("job.output.sftp.private-key = \"keys/id_ed25519\"",
        "job.input.sftp.known-hosts = \"~/.ssh/known_hosts\"");
    List<String> received = Collections.synchronizedList(new ArrayList<>());
    HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext("/api/v1/", exchange -> {
      received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      boolean submit = exchange.getRequestMethod().equals("POST");
      byte[] reply = (submit ? "{\"runId\":\"relative-1\",\"status\":\"PENDING\"}" : "{\"name\":\"relative\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(submit ? 202 : 200, reply.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(reply);
      }
    });
    api.start();
    try {
      String url = "http://127.0.0.1:" + api.getAddress().getPort();
      assertEquals(0, sluice("submit", job.toString(), "--api", url), cli.stderr());
      assertEquals("relative-1\n", cli.stdout());
      assertEquals(0, sluice("register", job.toString(), "--api", url, "--set", "job.output.uri=" + here + "/elsewhere"),
          cli.stderr());
    } finally {
      api.stop(0);
    }
    assertEquals(2, received.size());
    Config submitted = ConfigFactory.parseString(received.get(0));
    assertEquals(absolute("data/in").toUri().toString(), submitted.getString("job.input.uri"));
    assertEquals(absolute("model.zip").toUri().toString(), submitted.getString("job.model.uri"));
    assertEquals(absolute("out").toUri().toString(), submitted.getString("job.output.uri"));
    assertTrue(submitted.getString("job.input.uri").startsWith("file:///"), submitted.getString("job.input.uri"));
    assertEquals(Path.of("keys/id_ed25519").toAbsolutePath().toString(), submitted.getString("job.output.sftp.private-key"));
    assertEquals("~/.ssh/known_hosts", submitted.getString("job.input.sftp.known-hosts"), "a home directory is the node's own");
    Config registered = ConfigFactory.parseString(received.get(1));
    assertEquals(absolute("data/in").toUri().toString(), registered.getString("job.input.uri"));
    assertEquals(absolute("elsewhere").toUri().toString(), registered.getString("job.output.uri"), "--set paths too");
  }

  /** End to end; this node shares the test's working directory, so the test above is the one that tells the text apart. */
  @Test
  void aRelativeJobSubmittedToARealNodeRunsOnTheFilesValidateChecked() throws Exception {
    Path job = relativeJob();
    String output = absolute("out").toUri().toString();
    assertEquals(0, sluice("validate", job.toString()), cli.stderr());
    assertTrue(cli.stdout().contains("output: " + output + " ("), cli.stdout());
    try (TestApiNode node = new TestApiNode()) {
      assertEquals(0, sluice("submit", job.toString(), "--wait", "--quiet", "--api", node.url(), "--token", TestApiNode.TOKEN),
          cli.stdout() + cli.stderr());
      assertTrue(cli.stdout().matches("(?s)run relative-\\S+ SUCCEEDED in .*"), cli.stdout());
      assertTrue(cli.stdout().contains("output:     " + output + "\n"), cli.stdout());
      assertTrue(Files.exists(absolute("out").resolve("_SUCCESS")));
      String manifest = Files.readString(absolute("out").resolve("_manifest.json"));
      assertTrue(manifest.contains(absolute("data/in").toUri().toString()), "the input as validate listed it: " + manifest);
    }
  }
}
