package io.sluice.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.engine.testing.DelayedServices;
import io.sluice.engine.testing.DemoFixture;
import io.sluice.engine.testing.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calls the console reads beyond contract §7 (a run's partitions, throughput, bad records
 * and manifest; the nodes), against a real node whose slow commits keep a run in flight.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleApiIT {
  private final HttpClient http = HttpClient.newHttpClient();
  private TestApiNode node;
  @TempDir Path dir;

  @BeforeAll
  void start() {
    node = new TestApiNode(system -> DelayedServices.create(system, Duration.ofMillis(300), store -> {}));
  }

  @AfterAll
  void stop() {
    node.close();
  }

  private HttpResponse<String> call(String method, String path, String body, boolean token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url() + path)).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token) request.header("Authorization", "Bearer " + TestApiNode.TOKEN);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> answer = call("GET", path, null, true);
    assertEquals(200, answer.statusCode(), path + ": " + answer.body());
    return ApiJson.parse(answer.body());
  }

  private JsonNode await(String path, Predicate<JsonNode> until) throws Exception {
    Instant deadline = Instant.now().plusSeconds(120);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      last = get(path);
      if (until.test(last)) return last;
      Thread.sleep(100);
    }
    throw new AssertionError(path + " never came to the expected state: " + last);
  }

  @Test
  void aRunsPartitionsThroughputBadRecordsAndManifestWhileInFlightAndAfter() throws Exception {
    String job = Files.readString(DemoFixture.jobFile(dir, dir.resolve("out"), "job.input.split-size = 32KiB",
        "job.workers.partitions-in-flight = 2"));
    HttpResponse<String> submitted = call("POST", "/api/v1/runs", job, true);
    assertEquals(202, submitted.statusCode(), submitted.body());
    String runId = ApiJson.parse(submitted.body()).path("runId").asText();
    String run = "/api/v1/runs/" + runId;

    // In flight: partitions run on this node, which the node list shows.
    JsonNode live = await(run + "/partitions", p -> count(p, "RUNNING") > 0);
    JsonNode running = first(live, "RUNNING");
    assertTrue(running.path("node").asText().startsWith("pekko://"), running.toString());
    JsonNode nodes = await("/api/v1/nodes", n -> n.size() == 1 && n.get(0).path("partitionsRunning").asInt() > 0);
    assertEquals("coordinator", nodes.get(0).path("roles").get(0).asText());
    assertTrue(nodes.get(0).path("self").asBoolean());

    JsonNode status = await(run, s -> s.path("status").asText().equals("SUCCEEDED"));
    int total = status.path("partitions").path("total").asInt();
    long bad = status.path("records").path("bad").asLong();
    assertTrue(total > 2 && bad > 0, status.toString());

    JsonNode partitions = get(run + "/partitions");
    assertTrue(partitions.path("kept").asBoolean());
    assertEquals(total, partitions.path("partitions").size());
    assertEquals(total, count(partitions, "COMMITTED"));
    long badInPartitions = 0;
    for (JsonNode p : partitions.path("partitions")) badInPartitions += p.path("badRecords").asLong();
    assertEquals(bad, badInPartitions);
    assertTrue(partitions.path("partitions").get(0).path("source").asText().startsWith("file:"));

    JsonNode throughput = get(run + "/throughput").path("samples");
    assertTrue(throughput.size() >= 2, "a sample a second and one at the end: " + throughput);
    JsonNode last = throughput.get(throughput.size() - 1);
    assertEquals(status.path("records").path("in").asLong(), last.path("recordsIn").asLong());
    assertEquals(status.path("records").path("out").asLong(), last.path("recordsOut").asLong());

    JsonNode badRecords = get(run + "/bad-records");
    assertEquals(bad, badRecords.path("total").asLong());
    assertEquals(Math.min(bad, 20), badRecords.path("badRecords").size());
    JsonNode firstBad = badRecords.path("badRecords").get(0);
    assertTrue(firstBad.path("file").asText().endsWith(".csv"), firstBad.toString());
    assertTrue(firstBad.path("line").asLong() > 1, firstBad.toString());
    assertFalse(firstBad.path("error").asText().isEmpty(), firstBad.toString());

    JsonNode manifest = get(run + "/manifest");
    assertEquals(runId, manifest.path("runId").asText());
    assertEquals("SUCCEEDED", manifest.path("status").asText());
    assertEquals(Files.readString(dir.resolve("out").resolve("_manifest.json")).trim(), manifest.toPrettyString().trim()
        .replace("\r", ""), "the manifest as the output location holds it");
  }

  @Test
  void unknownRunsAreNotFoundAndEveryCallNeedsTheToken() throws Exception {
    for (String part : new String[] {"partitions", "throughput", "bad-records", "manifest"}) {
      assertEquals(404, call("GET", "/api/v1/runs/no-such-run/" + part, null, true).statusCode(), part);
      assertEquals(401, call("GET", "/api/v1/runs/no-such-run/" + part, null, false).statusCode(), part);
    }
    assertEquals(401, call("GET", "/api/v1/nodes", null, false).statusCode());
  }

  @Test
  void metricsParseAsPrometheusText() throws Exception {
    HttpResponse<String> scraped = call("GET", "/metrics", null, false);
    assertEquals(200, scraped.statusCode());
    Map<String, PrometheusText.Family> families = PrometheusText.parse(scraped.body());
    // families with labels and no sample yet (schedule fires, last success per job) are left out, as the client does
    for (String name : new String[] {"sluice_records_in_total", "sluice_runs_total", "sluice_batch_latency_seconds",
        "jvm_memory_used_bytes",
        "jvm_gc_collection_seconds", "process_cpu_seconds_total"}) {
      assertTrue(families.containsKey(name), name + " in " + families.keySet());
    }
  }

  private static int count(JsonNode answer, String state) {
    int n = 0;
    for (JsonNode p : answer.path("partitions")) if (p.path("status").asText().equals(state)) n++;
    return n;
  }

  private static JsonNode first(JsonNode answer, String state) {
    for (JsonNode p : answer.path("partitions")) if (p.path("status").asText().equals(state)) return p;
    throw new AssertionError("no " + state + " partition in " + answer);
  }
}
