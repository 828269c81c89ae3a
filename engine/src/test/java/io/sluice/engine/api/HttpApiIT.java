package io.sluice.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.sluice.engine.run.RunManager;
import io.sluice.engine.testing.DemoFixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API in front of a real run manager and worker, called as any HTTP client would. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiIT {
  private final HttpClient http = HttpClient.newHttpClient();
  private TestApiNode node;
  @TempDir Path dir;

  @BeforeAll
  void start() {
    node = new TestApiNode();
  }

  @AfterAll
  void stop() {
    node.close();
  }

  private HttpResponse<String> call(String method, String path, String body, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url() + path)).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) request.header("Authorization", "Bearer " + token);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
    return call(method, path, body, TestApiNode.TOKEN);
  }

  private static JsonNode json(HttpResponse<String> response) {
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), response.headers().toString());
    return ApiJson.parse(response.body());
  }

  private String job(String out, String... extra) throws IOException {
    return Files.readString(DemoFixture.jobFile(dir, dir.resolve(out), extra));
  }

  private JsonNode awaitEnd(String runId) throws Exception {
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline)) {
      JsonNode status = json(call("GET", "/api/v1/runs/" + runId, null));
      if (!status.get("status").asText().matches("PENDING|RUNNING")) return status;
      Thread.sleep(200);
    }
    throw new AssertionError("run " + runId + " did not end in time");
  }

  @Test
  void apiCallsNeedTheBearerToken() throws Exception {
    for (String token : new String[] {null, "wrong", TestApiNode.TOKEN + "x", ""}) {
      HttpResponse<String> refused = call("GET", "/api/v1/runs", null, token);
      assertEquals(401, refused.statusCode(), "token " + token);
      assertEquals("missing or wrong bearer token", json(refused).get("error").asText());
      assertEquals("Bearer", refused.headers().firstValue("WWW-Authenticate").orElse(null));
      assertFalse(refused.body().contains(TestApiNode.TOKEN), "a reply never shows the token");
    }
    assertEquals(401, call("GET", "/api/v1/no-such-thing", null, null).statusCode(), "nothing under /api/ is open");
    assertEquals(200, call("GET", "/api/v1/runs", null).statusCode());
  }

  @Test
  void healthAndMetricsAreOpen() throws Exception {
    HttpResponse<String> health = call("GET", "/health", null, null);
    assertEquals(200, health.statusCode());
    assertEquals("OK", health.body());
    HttpResponse<String> metrics = call("GET", "/metrics", null, null);
    assertEquals(200, metrics.statusCode());
    String contentType = metrics.headers().firstValue("Content-Type").orElse("");
    assertTrue(contentType.startsWith("text/plain") && contentType.contains("version=0.0.4"), contentType);
    assertTrue(metrics.body().contains("# HELP sluice_records_in_total "), metrics.body());
    assertTrue(metrics.body().contains("# TYPE sluice_batch_latency_seconds histogram"), metrics.body());
    assertEquals("histogram", io.sluice.engine.testing.PrometheusText.parse(metrics.body()).get("sluice_batch_latency_seconds").type());
  }

  @Test
  void anInvalidJobIsRefusedNamingTheKey() throws Exception {
    HttpResponse<String> refused = call("POST", "/api/v1/runs", job("typo", "job.batching.max-szie = 10"));
    assertEquals(400, refused.statusCode(), refused.body());
    String error = json(refused).get("error").asText();
    assertTrue(error.contains("job.batching.max-szie") && error.contains("did you mean job.batching.max-size"), error);
  }

  @Test
  void aSubmittedRunSucceedsAndIsListed() throws Exception {
    HttpResponse<String> accepted = call("POST", "/api/v1/runs", job("out"));
    assertEquals(202, accepted.statusCode(), accepted.body());
    String runId = json(accepted).get("runId").asText();
    assertEquals("RUNNING", json(accepted).get("status").asText());
    assertTrue(runId.startsWith("demo-test-"), runId);

    JsonNode done = awaitEnd(runId);
    assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());
    assertEquals(runId, done.get("runId").asText());
    assertEquals("demo-test", done.get("job").asText());
    JsonNode partitions = done.get("partitions");
    assertTrue(partitions.get("total").asInt() > 0);
    assertEquals(partitions.get("total").asInt(), partitions.get("done").asInt());
    JsonNode records = done.get("records");
    assertEquals(DemoFixture.data().records(), records.get("in").asLong());
    assertEquals(records.get("in").asLong(), records.get("out").asLong() + records.get("bad").asLong());
    assertTrue(Instant.parse(done.get("startedAt").asText()).isBefore(Instant.parse(done.get("finishedAt").asText())));
    assertTrue(done.get("error").isNull());
    assertTrue(Files.exists(dir.resolve("out/_SUCCESS")));

    JsonNode runs = json(call("GET", "/api/v1/runs", null));
    assertTrue(runs.isArray());
    assertTrue(StreamSupport.stream(runs.spliterator(), false).anyMatch(r -> r.get("runId").asText().equals(runId)), runs.toString());

    HttpResponse<String> ended = call("POST", "/api/v1/runs/" + runId + "/cancel", null);
    assertEquals(409, ended.statusCode(), "a run that ended cannot be cancelled");
    assertTrue(json(ended).get("error").asText().contains("SUCCEEDED"));
  }

  @Test
  void anUnknownRunIs404() throws Exception {
    HttpResponse<String> missing = call("GET", "/api/v1/runs/no-such-run", null);
    assertEquals(404, missing.statusCode());
    assertTrue(json(missing).get("error").asText().contains("no-such-run"));
    assertEquals(404, call("POST", "/api/v1/runs/no-such-run/cancel", null).statusCode());
  }

  @Test
  void unknownPathsAre404AndWrongMethods405AsJson() throws Exception {
    HttpResponse<String> unknown = call("GET", "/api/v1/nothing-here", null);
    assertEquals(404, unknown.statusCode());
    assertNotNull(json(unknown).get("error"));
    assertEquals(404, call("GET", "/nothing-here", null, null).statusCode());
    HttpResponse<String> wrongMethod = call("DELETE", "/api/v1/runs", null);
    assertEquals(405, wrongMethod.statusCode());
    assertNotNull(json(wrongMethod).get("error"));
  }

  @Test
  void registeredJobsRoundTrip() throws Exception {
    String scheduled = job("scheduled", "job.schedule = \"0 2 * * *\"");
    HttpResponse<String> registered = call("PUT", "/api/v1/jobs/demo-test", scheduled);
    assertEquals(200, registered.statusCode(), registered.body());
    JsonNode job = json(registered);
    assertEquals("demo-test", job.get("name").asText());
    assertEquals("0 2 * * *", job.get("schedule").asText());
    Instant next = Instant.parse(job.get("nextFireTime").asText());
    assertTrue(next.isAfter(Instant.now()) && next.isBefore(Instant.now().plus(Duration.ofDays(1).plusMinutes(1))), next.toString());
    assertEquals(2, next.atZone(ZoneOffset.UTC).getHour(), "the schedule's zone is UTC here");
    assertFalse(registered.body().contains("file:"), "the job's text (which may hold secrets) is not echoed");
    assertEquals(1, job.get("warnings").size(), "a schedule with output.mode = error-if-exists is warned about: " + job);
    assertTrue(job.get("warnings").get(0).asText().contains("every fire after the first will be refused"), job.toString());
    assertTrue(job.get("lastFire").isNull());
    assertEquals(0, job.get("fires").size());

    JsonNode jobs = json(call("GET", "/api/v1/jobs", null));
    assertEquals(1, jobs.size());
    assertEquals(job.get("nextFireTime"), jobs.get(0).get("nextFireTime"));
    assertTrue(jobs.get(0).get("lastFire").isNull());
    assertFalse(jobs.get(0).has("warnings"), "warnings belong to the registration's answer");

    HttpResponse<String> misnamed = call("PUT", "/api/v1/jobs/other-name", scheduled);
    assertEquals(400, misnamed.statusCode());
    assertTrue(json(misnamed).get("error").asText().startsWith("job.name"), misnamed.body());

    HttpResponse<String> triggered = call("POST", "/api/v1/jobs/demo-test/runs", null);
    assertEquals(202, triggered.statusCode(), triggered.body());
    String runId = json(triggered).get("runId").asText();
    assertEquals("SUCCEEDED", awaitEnd(runId).get("status").asText());
    assertTrue(Files.exists(dir.resolve("scheduled/_SUCCESS")));
    JsonNode lastFire = json(call("GET", "/api/v1/jobs", null)).get(0).get("lastFire");
    assertEquals("trigger", lastFire.get("cause").asText(), lastFire.toString());
    assertEquals("ran", lastFire.get("outcome").asText());
    assertEquals(runId, lastFire.get("runId").asText());
    assertTrue(lastFire.get("reason").isNull());
    Instant at = Instant.parse(lastFire.get("at").asText());
    assertTrue(Duration.between(at, Instant.now()).abs().toMinutes() < 5, at.toString());

    HttpResponse<String> refused = call("POST", "/api/v1/jobs/demo-test/runs", null);
    assertEquals(400, refused.statusCode(), "the output exists now: " + refused.body());
    JsonNode jobAfterRefusal = json(call("GET", "/api/v1/jobs", null)).get(0);
    assertEquals("refused", jobAfterRefusal.get("lastFire").get("outcome").asText());
    assertEquals(json(refused).get("error").asText(), jobAfterRefusal.get("lastFire").get("reason").asText());
    assertEquals(2, jobAfterRefusal.get("fires").size());
    assertEquals("ran", jobAfterRefusal.get("fires").get(1).get("outcome").asText(), "newest first");

    assertEquals(204, call("DELETE", "/api/v1/jobs/demo-test", null).statusCode());
    assertEquals(0, json(call("GET", "/api/v1/jobs", null)).size());
    assertEquals(404, call("DELETE", "/api/v1/jobs/demo-test", null).statusCode());
    assertEquals(404, call("POST", "/api/v1/jobs/demo-test/runs", null).statusCode());
  }

  @Test
  void schedulesAreCheckedAsCronReadsThem() throws Exception {
    HttpResponse<String> daily = call("PUT", "/api/v1/jobs/demo-test", job("daily", "job.schedule = \"@daily\"",
        "job.output.mode = overwrite"));
    assertEquals(200, daily.statusCode(), daily.body());
    assertEquals("@daily", json(daily).get("schedule").asText());
    assertEquals(0, json(daily).get("warnings").size(), daily.body());
    assertEquals(0, Instant.parse(json(daily).get("nextFireTime").asText()).getEpochSecond() % 86_400);

    HttpResponse<String> never = call("PUT", "/api/v1/jobs/demo-test", job("never", "job.schedule = \"0 0 31 4 *\""));
    assertEquals(400, never.statusCode(), never.body());
    assertTrue(json(never).get("error").asText().startsWith("job.schedule: '0 0 31 4 *' never fires"), never.body());

    HttpResponse<String> leapDay = call("PUT", "/api/v1/jobs/demo-test", job("leap", "job.schedule = \"0 0 29 2 *\"",
        "job.output.mode = overwrite"));
    assertEquals(200, leapDay.statusCode(), leapDay.body());
    assertEquals(200, call("GET", "/api/v1/jobs", null).statusCode(), "the manager answers");
    assertEquals(204, call("DELETE", "/api/v1/jobs/demo-test", null).statusCode());
  }

  @Test
  void aSubstitutionFromTheNodesEnvironmentIsRefusedWithoutShowingItsValue() throws Exception {
    HttpResponse<String> refused = call("POST", "/api/v1/runs", job("home") + "job.name = ${?HOME}\n");
    assertEquals(400, refused.statusCode(), refused.body());
    String error = json(refused).get("error").asText();
    assertTrue(error.startsWith("job.name: substitutions"), error);
    for (String secret : new String[] {System.getenv("HOME"), System.getProperty("user.home")}) {
      if (secret != null) assertFalse(refused.body().contains("'" + secret + "'") || error.contains(secret), refused.body());
    }
    assertFalse(Files.exists(dir.resolve("home")));
  }

  @Test
  void anIncludeIsRefusedWithoutReadingTheFile() throws Exception {
    Path hostname = Path.of("/etc/hostname");
    String text = Files.isReadable(hostname) ? Files.readString(hostname).trim() : "";
    for (String include : new String[] {"include url(\"file:///etc/hostname\")", "include file(\"/etc/hostname\")"}) {
      HttpResponse<String> refused = call("POST", "/api/v1/runs", include + "\n" + job("include"));
      assertEquals(400, refused.statusCode(), refused.body());
      assertTrue(json(refused).get("error").asText().startsWith("job: include is not allowed"), refused.body());
      if (!text.isEmpty()) assertFalse(refused.body().contains(text), refused.body());
    }
  }

  @Test
  void aNullValueIs400NamingTheKeyAndTheManagerKeepsAnswering() throws Exception {
    HttpResponse<String> refused = call("POST", "/api/v1/runs", job("null-delimiter") + "job { input.csv.delimiter = null }\n");
    assertEquals(400, refused.statusCode(), refused.body());
    assertTrue(json(refused).get("error").asText().contains("job.input.csv.delimiter: must not be null"), refused.body());
    HttpResponse<String> runs = call("GET", "/api/v1/runs", null);
    assertEquals(200, runs.statusCode(), runs.body());
    HttpResponse<String> registered = call("PUT", "/api/v1/jobs/demo-test", "job { input.csv.delimiter = null }\n" + job("null-delimiter"));
    assertEquals(400, registered.statusCode(), registered.body());
    assertTrue(json(registered).get("error").asText().contains("job.input.csv.delimiter"), registered.body());
    assertEquals(200, call("GET", "/api/v1/runs", null).statusCode());
  }

  @Test
  void aSubstitutionBombIsRefusedQuickly() throws Exception {
    StringBuilder bomb = new StringBuilder(job("bomb")).append("a0 = \"x\"\n");
    for (int i = 1; i <= 40; i++) bomb.append("a").append(i).append(" = ${a").append(i - 1).append("}${a").append(i - 1).append("}\n");
    bomb.append("job.name = ${a40}\n");
    Instant start = Instant.now();
    HttpResponse<String> refused = call("POST", "/api/v1/runs", bomb.toString());
    assertEquals(400, refused.statusCode(), refused.body());
    assertTrue(Duration.between(start, Instant.now()).toSeconds() < 5, "refused without expanding it");
    assertTrue(refused.body().length() < 10_000, refused.body().length() + " characters");
    assertEquals(200, call("GET", "/api/v1/runs", null).statusCode());
  }

  /** Today a web page on another site could start a run with a "simple" cross-site POST. */
  @Test
  void aCrossSiteBrowserRequestIsRefused() throws Exception {
    HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/runs"))
        .header("Origin", "https://evil.example").header("Content-Type", "text/plain")
        .header("Authorization", "Bearer " + TestApiNode.TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString(job("cross-site"))).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(403, refused.statusCode(), refused.body());
    assertTrue(json(refused).get("error").asText().contains("Origin"), refused.body());
    JsonNode runs = json(call("GET", "/api/v1/runs", null));
    assertTrue(StreamSupport.stream(runs.spliterator(), false).noneMatch(r -> r.get("job").asText().equals("demo-test")
        && r.toString().contains("cross-site")), runs.toString());
    // The refusal came before any run was made, so there is nothing to wait for.
    assertFalse(Files.exists(dir.resolve("cross-site")), "no run started");

    for (String origin : new String[] {"null", "http://127.0.0.1", "http://127.0.0.1:1", "https://127.0.0.1:" + port(),
        "http://evil.example:" + port(), "http://127.0.0.1.evil.example:" + port()}) {
      assertEquals(403, send("GET", "/api/v1/runs", origin).statusCode(), origin);
    }
    for (String origin : new String[] {node.url(), "http://localhost:" + port(), "http://[::1]:" + port()}) {
      assertEquals(200, send("GET", "/api/v1/runs", origin).statusCode(), "same origin " + origin);
    }
    assertEquals(403, send("GET", "/health", "https://evil.example").statusCode(), "/health too");
  }

  @Test
  void aHostHeaderTheApiDoesNotServeIsRefused() throws Exception {
    assertEquals(403, rawStatus(port(), "/api/v1/runs", "evil.example:" + port()), "DNS rebinding");
    assertEquals(403, rawStatus(port(), "/health", "evil.example:" + port()));
    assertEquals(403, rawStatus(port(), "/api/v1/runs", "127.0.0.1:" + (port() + 1)));
    assertEquals(403, rawStatus(port(), "/api/v1/runs", "127.0.0.1"));
    for (String host : new String[] {"127.0.0.1:" + port(), "localhost:" + port(), "LOCALHOST:" + port(), "[::1]:" + port()}) {
      assertEquals(200, rawStatus(port(), "/api/v1/runs", host), host);
    }

    ServerBinding workerOnly = HttpApi.startNodeRoutes(node.testKit().system(), "127.0.0.1", 0).toCompletableFuture().join();
    try {
      int workerPort = workerOnly.localAddress().getPort();
      assertEquals(403, rawStatus(workerPort, "/metrics", "evil.example:" + workerPort), "a worker-only node checks Host too");
      assertEquals(200, rawStatus(workerPort, "/metrics", "127.0.0.1:" + workerPort));
    } finally {
      workerOnly.unbind().toCompletableFuture().join();
    }
  }

  private int port() {
    return URI.create(node.url()).getPort();
  }

  private HttpResponse<String> send(String method, String path, String origin) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(node.url() + path)).header("Origin", origin)
        .header("Authorization", "Bearer " + TestApiNode.TOKEN).method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The status of a GET with this Host header, which Java's HTTP client will not set. */
  private static int rawStatus(int port, String path, String host) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer "
          + TestApiNode.TOKEN + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      return Integer.parseInt(status.split(" ")[1]);
    }
  }

  @Test
  void aManagerThatDoesNotAnswerMakesTheApiUnavailable() throws Exception {
    TestProbe<RunManager.Command> silent = node.testKit().createTestProbe();
    ServerBinding binding = HttpApi.start(node.testKit().system(), silent.ref(),
        new ApiSettings("127.0.0.1", 0, Optional.empty(), Duration.ofSeconds(1))).toCompletableFuture().join();
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + "/api/v1/runs"))
          .POST(HttpRequest.BodyPublishers.ofString("job { }")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(503, response.statusCode(), response.body());
      assertTrue(json(response).get("error").asText().contains("did not answer within 1 s"), response.body());
    } finally {
      binding.unbind().toCompletableFuture().join();
    }
  }

  @Test
  void healthIsUnavailableUntilTheClusterNodeIsUp() throws Exception {
    ActorTestKit clustered = ActorTestKit.create(ConfigFactory.parseString(
        "pekko.actor.provider = cluster, pekko.remote.artery.canonical { hostname = 127.0.0.1, port = 0 }")
        .withFallback(ConfigFactory.load()));
    try {
      ServerBinding binding = HttpApi.start(clustered.system(), clustered.<RunManager.Command>createTestProbe().ref(),
          new ApiSettings("127.0.0.1", 0, Optional.empty(), Duration.ofSeconds(1))).toCompletableFuture().join();
      URI health = URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + "/health");
      HttpResponse<String> notMember = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(503, notMember.statusCode(), notMember.body());

      Cluster cluster = Cluster.get(clustered.system());
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
      Instant deadline = Instant.now().plusSeconds(20);
      int status = 0;
      while (status != 200 && Instant.now().isBefore(deadline)) {
        Thread.sleep(100);
        status = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
      }
      assertEquals(200, status, "an Up member is healthy");
    } finally {
      clustered.shutdownTestKit();
    }
  }

  @Test
  void settingsComeFromConfigAndRefuseAnOpenApiWithoutAToken() {
    ApiSettings defaults = ApiSettings.create(ConfigFactory.load());
    assertEquals("127.0.0.1", defaults.host());
    assertEquals(7077, defaults.port());
    assertEquals(Optional.empty(), defaults.token());

    IllegalArgumentException open = assertThrows(IllegalArgumentException.class, () ->
        ApiSettings.create(ConfigFactory.parseString("sluice.api.host = \"0.0.0.0\"").withFallback(ConfigFactory.load())));
    assertEquals("sluice.api.token: required when sluice.api.host (0.0.0.0) is not a loopback address", open.getMessage());

    String token = "a-guarded-token-of-at-least-32-characters";
    ApiSettings guarded = ApiSettings.create(ConfigFactory.parseString("sluice.api { host = \"0.0.0.0\", token = \"" + token + "\" }")
        .withFallback(ConfigFactory.load()));
    assertEquals(Optional.of(token), guarded.token());
    assertFalse(guarded.toString().contains(token), "settings never show the token");
  }

  @Test
  void shortTokensAndTheSampleTokenAreRefused() {
    IllegalArgumentException shortOne = assertThrows(IllegalArgumentException.class, () -> ApiSettings.create(
        ConfigFactory.parseString("sluice.api.token = \"abc\"").withFallback(ConfigFactory.load())));
    assertTrue(shortOne.getMessage().startsWith("sluice.api.token: 3 characters is too short"), shortOne.getMessage());
    IllegalArgumentException sample = assertThrows(IllegalArgumentException.class, () -> ApiSettings.create(
        ConfigFactory.parseString("sluice.api.token = \"change-me-to-a-long-random-string\"").withFallback(ConfigFactory.load())));
    assertTrue(sample.getMessage().contains("is the sample"), sample.getMessage());
  }
}
