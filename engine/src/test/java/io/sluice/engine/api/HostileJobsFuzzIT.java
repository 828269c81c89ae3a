package io.sluice.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import io.sluice.connectors.storage.StagedWrite;
import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.connectors.stores.Storages;
import io.sluice.engine.demo.DemoData;
import io.sluice.engine.services.NodeServices;
import io.sluice.engine.plan.JobPreparation;
import io.sluice.engine.testing.DemoFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few thousand malformed, null, hostile and random request bodies, POSTed while a real run is
 * in flight (its part-file writes held until the last one is answered): every reply is 400 or
 * 202, never 5xx, the run manager never fails (it would forget its runs and stop answering), and
 * the run in flight writes exactly what the same job writes alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileJobsFuzzIT {
  private static final long SEED = 20261130L;
  private final HttpClient http = HttpClient.newHttpClient();
  private final CompletableFuture<Void> gate = new CompletableFuture<>();
  private TestApiNode node;
  @TempDir Path dir;

  @BeforeAll
  void start() {
    node = new TestApiNode(this::gatedServices);
  }

  @AfterAll
  void stop() {
    gate.complete(null);
    node.close();
  }

  @Test
  void hostileBodiesAreRefusedWhileARunInFlightFinishesAsAlone() throws Exception {
    String alone = submit(Files.readString(DemoFixture.jobFile(dir, dir.resolve("alone"))));
    assertEquals("SUCCEEDED", awaitEnd(alone).get("status").asText());

    String held = submit(Files.readString(DemoFixture.jobFile(dir, dir.resolve("held"))));
    List<byte[]> bodies = bodies(new Random(SEED));
    Instant start = Instant.now();
    int accepted = 0;
    for (int i = 0; i < bodies.size(); i++) {
      HttpResponse<String> reply = post(bodies.get(i));
      int status = reply.statusCode();
      assertTrue(status == 400 || status == 202, "body " + i + " got " + status + " " + reply.body() + " for: " + excerpt(bodies.get(i)));
      if (status == 202) accepted++;
      if (i % 200 == 0) {
        JsonNode run = ApiJson.parse(call("GET", "/api/v1/runs/" + held).body());
        assertEquals("RUNNING", run.get("status").asText(), "the run stays in flight while the bodies come: " + run);
      }
    }
    Duration took = Duration.between(start, Instant.now());
    assertTrue(bodies.size() >= 2000, bodies.size() + " bodies");
    assertTrue(accepted < bodies.size() / 10, accepted + " accepted: the bodies are meant to be refused");

    HttpResponse<String> runs = call("GET", "/api/v1/runs");
    assertEquals(200, runs.statusCode(), runs.body());
    assertTrue(runs.body().contains(alone) && runs.body().contains(held), "the manager never restarted: it knows both runs");

    gate.complete(null);
    JsonNode done = awaitEnd(held);
    assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());
    Map<String, byte[]> expected = partFiles(dir.resolve("alone"));
    Map<String, byte[]> actual = partFiles(dir.resolve("held"));
    assertFalse(expected.isEmpty());
    assertEquals(expected.keySet(), actual.keySet());
    for (String name : expected.keySet()) assertTrue(Arrays.equals(expected.get(name), actual.get(name)), name);
    System.out.printf("%d hostile bodies answered in %d ms%n", bodies.size(), took.toMillis());
  }

  // ---- the bodies ----

  private List<byte[]> bodies(Random random) {
    DemoData.Result d = DemoFixture.data();
    String features = d.features().stream().map(f -> "\"" + f + "\"").collect(Collectors.joining(", "));
    // a valid job whose input and model are missing: a body that parses is refused by the planning, quickly
    String template = """
        job {
          name = "fuzz"
          input { uri = "%s", id-column = "customer_id", passthrough = ["region"], features = [%s] }
          model { uri = "%s", labels = ["stay", "churn"] }
          output { uri = "OUT" }
        }
        """.formatted(dir.resolve("no-input").toUri(), features, dir.resolve("no-model.zip").toUri());
    List<String> keys = keys();
    List<String> values = List.of("null", "{}", "{ a = 1 }", "[]", "[1, [2]]", "[null]", "[{a: 1}]", "\"\"", "\" \"", "\"zz\"",
        "true", "-1", "0", "99999999999999999999999", "1e308", "-0.0", "\"\\u0000\"", "\"é\"", "${?HOME}", "${job.name}",
        "\"file:relative\"", "\"x\" \"y\"", "[\"a\", \"a\"]", "{ include \"reference.conf\" }");
    List<String> texts = new ArrayList<>();
    int n = 0;
    for (String key : keys) {
      for (String value : values) texts.add(template.replace("OUT", out(n++)) + key + " = " + value + "\n");
    }
    String json = ConfigFactory.parseString(template).root().render(ConfigRenderOptions.concise());
    String[] jsonValues = {"null", "1", "-1.5", "true", "\"\"", "[]", "{}", "[[[]]]", "{\"a\":{\"b\":null}}", "\"\\u0000\"", "1e999"};
    for (int i = 0; i < 300; i++) {
      String key = keys.get(random.nextInt(keys.size()));
      String path = "\"" + key.replace(".", "\":{\"") + "\":" + jsonValues[random.nextInt(jsonValues.length)] + "}".repeat(key.split("\\.").length - 1);
      texts.add(i % 2 == 0 ? template.replace("OUT", out(n++)) + "\n" + path : "{" + path + "}");
    }
    for (String value : jsonValues) texts.add(json.replace("OUT", out(n++)).replace("\"customer_id\"", value));
    for (String whole : List.of("", " ", "null", "[]", "[1,2]", "42", "\"text\"", "true", "{}", "{\"job\": []}", "{\"job\": \"x\"}",
        "{\"job\": null}", "{\"job\": {\"input\": 5}}", "job = null", "job {}", "job { input = null }", "job.input.csv = null",
        "{\"job\": {\"name\": {\"$ref\": \"#\"}}}", "\ufeff" + template, "job { name = \"a\" }\n}", "}{", "\"\"\"", "${}", "${?}")) {
      texts.add(whole);
    }
    for (int i = 0; i < 150; i++) {
      int depth = 10 + random.nextInt(i % 3 == 0 ? 5000 : 60);
      texts.add(switch (i % 5) {
        case 0 -> "job { x = " + "{a:".repeat(depth) + "1" + "}".repeat(depth) + " }";
        case 1 -> template.replace("OUT", out(n++)) + "job.model.labels = " + "[".repeat(depth) + "]".repeat(depth);
        case 2 -> template.replace("OUT", out(n++)) + "job.input." + "a.".repeat(depth) + "b = 1";
        case 3 -> "job " + "{ a ".repeat(depth);
        default -> "[".repeat(depth) + "{\"job\":" + "[".repeat(depth);
      });
    }
    List<String> hostile = List.of("include url(\"file:///etc/hostname\")", "include file(\"/etc/passwd\")", "include \"/etc/hosts\"",
        "include required(classpath(\"application.conf\"))", "job.name = ${?HOME}", "job.name = ${?PATH}", "job.name = ${user.home}",
        "job.input.features += \"x\"", "a = ${a}", "job.name = ${job.name}", "a = ${b}\nb = ${a}\njob.name = ${a}");
    for (int i = 0; i < 100; i++) {
      String text = template.replace("OUT", out(n++));
      int at = random.nextInt(text.length());
      texts.add(random.nextBoolean() ? text + hostile.get(i % hostile.size()) + "\n"
          : text.substring(0, at) + "\n" + hostile.get(i % hostile.size()) + "\n" + text.substring(at));
    }
    StringBuilder bomb = new StringBuilder("a0 = \"x\"\n");
    for (int i = 1; i <= 40; i++) bomb.append("a").append(i).append(" = ${a").append(i - 1).append("}${a").append(i - 1).append("}\n");
    texts.add(template.replace("OUT", out(n++)) + bomb + "job.name = ${a40}\n");
    for (int size : new int[] {1000, 100_000, 900_000, 1_048_577, 1_300_000}) {
      String key = keys.get(random.nextInt(keys.size()));
      texts.add(template.replace("OUT", out(n++)) + key + " = \"" + "x".repeat(size) + "\"\n");
      texts.add(template.replace("OUT", out(n++)) + "job.unknown-" + "k".repeat(size) + " = 1\n");
    }
    StringBuilder manyKeys = new StringBuilder(template.replace("OUT", out(n++)));
    for (int i = 0; i < 40_000; i++) manyKeys.append("job.k").append(i).append(" = 1\n");
    texts.add(manyKeys.toString());
    String specials = "{}[]$\"=:.,#/\\\n +?";
    for (int i = 0; i < 500; i++) {
      StringBuilder text = new StringBuilder(template.replace("OUT", out(n++)));
      for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
        int at = random.nextInt(text.length());
        switch (random.nextInt(3)) {
          case 0 -> text.deleteCharAt(at);
          case 1 -> text.insert(at, specials.charAt(random.nextInt(specials.length())));
          default -> text.setCharAt(at, specials.charAt(random.nextInt(specials.length())));
        }
      }
      texts.add(text.toString());
    }
    List<byte[]> bodies = new ArrayList<>(texts.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList());
    for (int i = 0; i < 300; i++) {
      byte[] bytes = new byte[random.nextInt(i % 10 == 0 ? 100_000 : 2000)];
      random.nextBytes(bytes);
      bodies.add(bytes);
    }
    java.util.Collections.shuffle(bodies, random);
    return bodies;
  }

  /** Every key of a job, the objects among them too. */
  private static List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (String key : ConfigFactory.parseResources("sluice-job-defaults.conf").entrySet().stream().map(Map.Entry::getKey).sorted().toList()) {
      for (String prefix = key; ; prefix = prefix.substring(0, prefix.lastIndexOf('.'))) {
        if (!keys.contains(prefix)) keys.add(prefix);
        if (!prefix.contains(".")) break;
      }
    }
    for (String key : List.of("job.input.csv.delimiter", "job.input.csv.quote", "job.schedule", "job.input.id-column", "job.input.s3")) {
      if (!keys.contains(key)) keys.add(key);
    }
    return keys;
  }

  private String out(int n) {
    return dir.resolve("fuzz").resolve(String.valueOf(n)).toUri().toString();
  }

  private static String excerpt(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() > 300 ? text.substring(0, 300) + "... (" + text.length() + " characters)" : text;
  }

  // ---- the node and its calls ----

  /** The node's real services, whose part-file writes to the held run's output wait for the gate. */
  private NodeServices gatedServices(ActorSystem<?> system) {
    NodeServices plain = NodeServices.create(system);
    Storage files = plain.storages().forUri(URI.create("file:///"));
    Storage gated = new Storage() {
      @Override
      public CompletionStage<List<StoredObject>> list(URI location) {
        return files.list(location);
      }

      @Override
      public Source<ByteString, NotUsed> read(StoredObject object, long offset) {
        return files.read(object, offset);
      }

      @Override
      public Sink<ByteString, CompletionStage<StagedWrite>> write(URI target) {
        if (!target.getPath().contains("/held/") || !target.getPath().matches(".*/part-\\d+\\.\\w+$")) return files.write(target);
        return Flow.of(ByteString.class).mapAsync(1, chunk -> gate.thenApply(open -> chunk))
            .toMat(files.write(target), Keep.right());
      }

      @Override
      public CompletionStage<Done> delete(URI target) {
        return files.delete(target);
      }
    };
    Storages storages = plain.storages().with("file", gated);
    return new NodeServices(storages, plain.materializer(), plain.blocking(),
        new JobPreparation(storages, plain.materializer(), plain.blocking()));
  }

  private HttpResponse<String> post(byte[] body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/runs")).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + TestApiNode.TOKEN)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> call(String method, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(node.url() + path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + TestApiNode.TOKEN).method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String submit(String job) throws Exception {
    HttpResponse<String> accepted = post(job.getBytes(StandardCharsets.UTF_8));
    assertEquals(202, accepted.statusCode(), accepted.body());
    return ApiJson.parse(accepted.body()).get("runId").asText();
  }

  private JsonNode awaitEnd(String runId) throws Exception {
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline)) {
      JsonNode status = ApiJson.parse(call("GET", "/api/v1/runs/" + runId).body());
      if (!status.get("status").asText().matches("PENDING|RUNNING")) return status;
      Thread.sleep(200);
    }
    throw new AssertionError("run " + runId + " did not end in time");
  }

  private static Map<String, byte[]> partFiles(Path out) throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      Map<String, byte[]> parts = new java.util.TreeMap<>();
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
        parts.put(file.getFileName().toString(), Files.readAllBytes(file));
      }
      return parts;
    }
  }
}
