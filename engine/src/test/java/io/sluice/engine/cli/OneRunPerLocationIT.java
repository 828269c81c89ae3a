package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.engine.api.ApiJson;
import io.sluice.engine.api.TestApiNode;
import io.sluice.engine.testing.DelayedServices;
import io.sluice.engine.testing.DemoFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run at a time per output location, through the HTTP API and the CLI, on a node whose
 * part-file writes are slowed so that a first run is still in flight when a second one comes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneRunPerLocationIT {
  private final HttpClient http = HttpClient.newHttpClient();
  private TestApiNode node;
  @TempDir Path dir;
  private final CliCapture cli = new CliCapture();

  @BeforeAll
  void start() {
    node = new TestApiNode(system -> DelayedServices.create(system, Duration.ofSeconds(2), store -> { }));
  }

  @AfterAll
  void stop() {
    node.close();
  }

  @Test
  void aSecondRunOnALocationInFlightIsRefusedNamingTheFirst() throws Exception {
    Path out = dir.resolve("shared");
    HttpResponse<String> first = call("POST", "/api/v1/runs", Files.readString(DemoFixture.jobFile(dir, out)));
    assertEquals(202, first.statusCode(), first.body());
    String firstId = json(first).get("runId").asText();

    // the same folder, written another way (a bare path, no trailing slash), and with overwrite,
    // which today deletes the first run's committed part files
    Path second = DemoFixture.jobFile(dir, out, "job.output { uri = \"" + out.toAbsolutePath() + "\", mode = overwrite }");
    HttpResponse<String> refused = call("POST", "/api/v1/runs", Files.readString(second));
    assertEquals(409, refused.statusCode(), refused.body());
    assertTrue(json(refused).get("error").asText().contains(firstId), refused.body());
    assertTrue(json(refused).get("error").asText().startsWith("job.output.uri: "), refused.body());
    assertEquals(firstId, json(refused).get("heldBy").asText());

    assertEquals(2, sluice("submit", second.toString()), cli.stderr());
    assertTrue(cli.stderr().contains("in use by run " + firstId), cli.stderr());

    JsonNode done = awaitEnd(firstId);
    assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());
    JsonNode manifest = ApiJson.parse(Files.readString(out.resolve("_manifest.json")));
    assertEquals(firstId, manifest.get("runId").asText());
    for (JsonNode partition : manifest.get("partitions")) {
      assertTrue(Files.exists(out.resolve(partition.get("output").asText())), "the first run's part files stay: " + partition);
    }
    assertEquals(done.get("partitions").get("total").asInt(), partFiles(out).size());
    assertTrue(Files.exists(out.resolve("_SUCCESS")));

    // once the first run ended the location is free again
    HttpResponse<String> later = call("POST", "/api/v1/runs", Files.readString(second));
    assertEquals(202, later.statusCode(), later.body());
    assertEquals("SUCCEEDED", awaitEnd(json(later).get("runId").asText()).get("status").asText());
  }

  @Test
  void aTriggerWhileTheJobRunsIsRefusedWithOverlapSkip() throws Exception {
    register("skip-test", "skip", "job.overlap = skip");
    HttpResponse<String> first = call("POST", "/api/v1/jobs/skip-test/runs", null);
    assertEquals(202, first.statusCode(), first.body());
    String firstId = json(first).get("runId").asText();

    HttpResponse<String> refused = call("POST", "/api/v1/jobs/skip-test/runs", null);
    assertEquals(409, refused.statusCode(), refused.body());
    assertTrue(json(refused).get("error").asText().contains(firstId), refused.body());
    assertEquals(firstId, json(refused).get("heldBy").asText());
    assertEquals(2, sluice("trigger", "skip-test"), cli.stderr());
    assertTrue(cli.stderr().contains(firstId), cli.stderr());

    assertEquals("SUCCEEDED", awaitEnd(firstId).get("status").asText());
    assertEquals(1, runsOf("skip-test").size(), "the refused triggers started nothing");
  }

  @Test
  void aTriggerWhileTheJobRunsIsQueuedWithOverlapQueue() throws Exception {
    register("queue-test", "queue", "job.overlap = queue", "job.output.mode = overwrite");
    HttpResponse<String> first = call("POST", "/api/v1/jobs/queue-test/runs", null);
    assertEquals(202, first.statusCode(), first.body());
    String firstId = json(first).get("runId").asText();

    HttpResponse<String> queued = call("POST", "/api/v1/jobs/queue-test/runs", null);
    assertEquals(202, queued.statusCode(), queued.body());
    assertEquals("QUEUED", json(queued).get("status").asText(), queued.body());
    assertEquals(firstId, json(queued).get("behind").asText());
    assertFalse(json(queued).has("runId"), queued.body());

    assertEquals("SUCCEEDED", awaitEnd(firstId).get("status").asText());
    Instant deadline = Instant.now().plusSeconds(60);
    List<String> runs = runsOf("queue-test");
    while (runs.size() < 2 && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      runs = runsOf("queue-test");
    }
    assertEquals(2, runs.size(), "the queued trigger ran after the first: " + runs);
    String queuedId = runs.stream().filter(id -> !id.equals(firstId)).findFirst().orElseThrow();
    assertEquals("SUCCEEDED", awaitEnd(queuedId).get("status").asText());
  }

  private void register(String name, String out, String... extra) throws Exception {
    List<String> lines = new ArrayList<>(List.of("job.name = \"" + name + "\""));
    lines.addAll(List.of(extra));
    String job = Files.readString(DemoFixture.jobFile(dir, dir.resolve(out), lines.toArray(String[]::new)));
    HttpResponse<String> registered = call("PUT", "/api/v1/jobs/" + name, job);
    assertEquals(200, registered.statusCode(), registered.body());
  }

  private List<String> runsOf(String job) throws Exception {
    List<String> ids = new ArrayList<>();
    for (JsonNode run : json(call("GET", "/api/v1/runs", null))) {
      if (run.get("job").asText().equals(job)) ids.add(run.get("runId").asText());
    }
    return ids;
  }

  private int sluice(String... args) {
    List<String> argv = new ArrayList<>(List.of(args));
    argv.addAll(List.of("--api", node.url(), "--token", TestApiNode.TOKEN));
    return cli.run(argv.toArray(String[]::new));
  }

  private HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(node.url() + path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + TestApiNode.TOKEN)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) {
    return ApiJson.parse(response.body());
  }

  private JsonNode awaitEnd(String runId) throws Exception {
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline)) {
      JsonNode status = json(call("GET", "/api/v1/runs/" + runId, null));
      if (!status.get("status").asText().matches("PENDING|RUNNING")) return status;
      Thread.sleep(100);
    }
    throw new AssertionError("run " + runId + " did not end in time");
  }

  private static List<Path> partFiles(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(p -> p.getFileName().toString().matches("part-\\d+\\.csv")).toList();
    }
  }
}
