package io.sluice.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.sluice.engine.run.RegisteredJob;
import io.sluice.engine.run.RunManager;
import io.sluice.engine.testing.DemoFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Contract §12 against a running API node: sluice.security.allowed-locations (403 naming the key,
 * nothing of the file in the reply) and secrets by name (registered jobs keep the name; an unknown
 * name is refused naming the key and the name).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobLimitsApiIT {
  private static final String SECRET_VALUE = "the-ftp-password-value-42";
  private final HttpClient http = HttpClient.newHttpClient();
  private Path allowed;
  private TestApiNode node;

  @BeforeAll
  void start() throws IOException {
    allowed = Files.createTempDirectory("sluice-allowed");
    var data = DemoFixture.data();
    List<String> locations = List.of(data.inputDir().toUri().toString(), data.model().getParent().toUri().toString(),
        allowed.toUri().toString(), "s3://lake/", "jdbc:postgresql://127.0.0.1:9/scores_db");
    node = new TestApiNode(ConfigFactory.empty()
        .withValue("sluice.security.allowed-locations", ConfigValueFactory.fromIterable(locations))
        .withValue("sluice.secrets.partner-ftp", ConfigValueFactory.fromAnyRef(SECRET_VALUE)));
  }

  @AfterAll
  void stop() {
    node.close();
  }

  private HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(node.url() + path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + TestApiNode.TOKEN)
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private String job(Path out, String... extra) throws IOException {
    return Files.readString(DemoFixture.jobFile(allowed, out, extra));
  }

  private static String error(HttpResponse<String> response) {
    return ApiJson.parse(response.body()).get("error").asText();
  }

  private void assertOutside(HttpResponse<String> refused, String key) {
    assertEquals(403, refused.statusCode(), refused.body());
    String error = error(refused);
    assertTrue(error.startsWith(key + ": ") && error.endsWith(" is outside sluice.security.allowed-locations"), error);
  }

  @Test
  void aJobInsideTheAllowedLocationsRuns() throws Exception {
    HttpResponse<String> accepted = call("POST", "/api/v1/runs", job(allowed.resolve("out-ok")));
    assertEquals(202, accepted.statusCode(), accepted.body());
  }

  /** A database entry allows that database as written; another database, or driver parameters of the job's own, are refused. */
  @Test
  void aDatabaseIsAllowedOnlyAsTheListNamesIt() throws Exception {
    String table = "job.output.jdbc { table = scores, user = sluice, password = not-used-here }";
    assertOutside(call("PUT", "/api/v1/jobs/other-db", job(allowed.resolve("db1"), table, "job.name = other-db",
        "job.output.uri = \"jdbc:postgresql://127.0.0.1:9/other_db\"")), "job.output.uri");
    assertOutside(call("PUT", "/api/v1/jobs/factory-db", job(allowed.resolve("db2"), table, "job.name = factory-db",
        "job.output.uri = \"jdbc:postgresql://127.0.0.1:9/scores_db?socketFactory=java.lang.Object\"")), "job.output.uri");
    HttpResponse<String> listed = call("PUT", "/api/v1/jobs/listed-db", job(allowed.resolve("db3"), table, "job.name = listed-db",
        "job.output.uri = \"jdbc:postgresql://127.0.0.1:9/scores_db\""));
    assertTrue(listed.statusCode() / 100 == 2, listed.statusCode() + " " + listed.body());
  }

  @Test
  void aSystemFileIsRefusedWithNothingOfIt() throws Exception {
    HttpResponse<String> refused = call("POST", "/api/v1/runs", job(allowed.resolve("o1"), "job.input.uri = \"file:///etc/passwd\""));
    assertOutside(refused, "job.input.uri");
    assertFalse(refused.body().contains("root:"), refused.body());
    HttpResponse<String> climbing = call("POST", "/api/v1/runs", job(allowed.resolve("o2"),
        "job.input.uri = \"" + allowed.toUri() + "../../etc/passwd\""));
    assertTrue(climbing.statusCode() == 400 || climbing.statusCode() == 403, climbing.body());
    assertTrue(error(climbing).startsWith("job.input.uri: "), climbing.body());
    assertFalse(climbing.body().contains("root:"), climbing.body());
    assertOutside(call("POST", "/api/v1/runs", job(Path.of("/tmp/sluice-not-allowed-out"))), "job.output.uri");
    assertOutside(call("PUT", "/api/v1/jobs/outside", job(allowed.resolve("o3"), "job.model.uri = \"file:///etc/hostname\"")),
        "job.model.uri");
  }

  @Test
  void aLinkInsideAnAllowedFolderToAnotherIsRefused() throws Exception {
    Path link = Files.createSymbolicLink(allowed.resolve("etc-link"), Path.of("/etc"));
    HttpResponse<String> refused = call("POST", "/api/v1/runs", job(allowed.resolve("o4"),
        "job.input.uri = \"" + link.toUri() + "passwd\""));
    assertOutside(refused, "job.input.uri");
    assertFalse(refused.body().contains("root:"), refused.body());
    Path outLink = Files.createSymbolicLink(allowed.resolve("tmp-link"), Files.createTempDirectory("sluice-elsewhere"));
    assertOutside(call("POST", "/api/v1/runs", job(outLink.resolve("out"))), "job.output.uri");
  }

  @Test
  void aRegisteredJobOutsideTheListIsRefusedWhenItFires() throws Exception {
    // registered straight with the manager, as a job registered before the list was set would be
    Path outside = Files.createTempDirectory("sluice-outside");
    String text = Files.readString(DemoFixture.jobFile(allowed, outside.resolve("out")))
        .replace("name = \"demo-test\"", "name = \"fired-outside\"");
    var scheduler = node.testKit().system().scheduler();
    RunManager.RegisterReply registered = AskPattern.<RunManager.Command, RunManager.RegisterReply>ask(node.manager(),
        r -> new RunManager.RegisterJob("fired-outside", text, r), Duration.ofSeconds(30), scheduler).toCompletableFuture().get();
    assertTrue(registered instanceof RunManager.JobRegistered, registered.toString());

    assertOutside(call("POST", "/api/v1/jobs/fired-outside/runs", ""), "job.output.uri");
    RunManager.SubmitReply fired = AskPattern.<RunManager.Command, RunManager.SubmitReply>ask(node.manager(),
        r -> new RunManager.TriggerJob("fired-outside", r), Duration.ofSeconds(30), scheduler).toCompletableFuture().get();
    assertTrue(fired instanceof RunManager.Rejected rejected
        && rejected.error().equals("job.output.uri: '" + outside.resolve("out").toUri() + "' is outside sluice.security.allowed-locations"),
        fired.toString());
    assertFalse(Files.exists(outside.resolve("out")));
  }

  @Test
  void aBucketWhoseNameStartsTheSameIsAnotherBucket() throws Exception {
    assertOutside(call("POST", "/api/v1/runs", job(allowed.resolve("o5"), "job.input.uri = \"s3://lakehouse/in/\"")),
        "job.input.uri");
  }

  @Test
  void aRegisteredJobKeepsTheSecretsNameNotItsValue() throws Exception {
    String text = job(allowed.resolve("o6"), "job.output.uri = \"ftp://127.0.0.1:1/out/\"",
        "job.output.ftp { user = acme, password-secret = partner-ftp }", "job.schedule = \"@daily\"");
    // the FTP output is not in the allowed list: register it on a node with no list
    try (TestApiNode open = new TestApiNode(ConfigFactory.parseString("sluice.secrets.partner-ftp = \"" + SECRET_VALUE + "\""))) {
      HttpRequest put = HttpRequest.newBuilder(URI.create(open.url() + "/api/v1/jobs/demo-test")).timeout(Duration.ofSeconds(60))
          .header("Authorization", "Bearer " + TestApiNode.TOKEN).PUT(HttpRequest.BodyPublishers.ofString(text)).build();
      HttpResponse<String> registered = http.send(put, HttpResponse.BodyHandlers.ofString());
      assertEquals(200, registered.statusCode(), registered.body());
      RunManager.JobList list = AskPattern.<RunManager.Command, RunManager.JobList>ask(open.manager(), RunManager.ListJobs::new,
          Duration.ofSeconds(5), open.testKit().system().scheduler()).toCompletableFuture().get();
      RegisteredJob stored = list.jobs().stream().filter(j -> j.name().equals("demo-test")).findFirst().orElseThrow();
      assertTrue(stored.job().contains("partner-ftp"), stored.job());
      assertFalse(stored.job().contains(SECRET_VALUE), stored.job());
      assertFalse(registered.body().contains(SECRET_VALUE));
    }
  }

  @Test
  void anUnknownSecretIsRefusedNamingTheKeyAndTheName() throws Exception {
    HttpResponse<String> refused = call("POST", "/api/v1/runs", job(allowed.resolve("o7"),
        "job.input.uri = \"s3://lake/in/\"", "job.input.s3 { access-key-id = k, secret-access-key-secret = no-such-secret }"));
    assertEquals(400, refused.statusCode(), refused.body());
    String error = error(refused);
    assertTrue(error.startsWith("job.input.s3.secret-access-key-secret: ") && error.contains("'no-such-secret'"), error);

    HttpResponse<String> both = call("POST", "/api/v1/runs", job(allowed.resolve("o8"),
        "job.input.uri = \"s3://lake/in/\"", "job.input.s3 { secret-access-key = x, secret-access-key-secret = partner-ftp }"));
    assertEquals(400, both.statusCode(), both.body());
    assertTrue(error(both).startsWith("job.input.s3.secret-access-key: give either"), error(both));
    assertFalse(both.body().contains(SECRET_VALUE));
  }
}
