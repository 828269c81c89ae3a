package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.connectors.storage.StagedWrite;
import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.stores.Storages;
import io.sluice.connectors.storage.ftp.FtpTestServer;
import io.sluice.connectors.storage.s3.S3MockServer;
import io.sluice.connectors.storage.sftp.SftpTestServer;
import io.sluice.connectors.testing.DroppingProxy;
import io.sluice.engine.demo.DemoData;
import io.sluice.engine.testing.DemoFixture;
import io.sluice.engine.testing.StoredFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs whose input, model and output live in real remote stores started on loopback give
 * the same part files as a run on local files, and a store that refuses says so by name.
 * The data is the demo's, or a fixture folder (job.conf, in/, one model zip) named by the
 * system property {@code sluice.fixture}, as .ci/run does with the contract's flowers fixture.
 */
class RemoteStoresIT {
  private static final String SECRET = "s3-secret-never-shown";
  private static S3MockServer s3;
  private static FtpTestServer ftp;
  private static SftpTestServer sftp;
  private static Path knownHosts;
  private static ActorSystem system;
  private static Storages storages;
  @TempDir static Path dir;
  private static Map<String, byte[]> localOutput;
  private static Path inputDir;
  private static Path model;
  private static Path baseJob;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3MockServer.start(Path.of("..", "connectors", "target", "s3mock", "s3mock.jar"), "data", "results");
    system = ActorSystem.create("remote-stores-it");
    storages = Storages.create(system);
    chooseData();
    try (Stream<Path> files = Files.list(inputDir)) {
      for (Path f : files.sorted().toList()) put(URI.create("s3://data/in/" + f.getFileName()), s3Settings(), Files.readAllBytes(f));
    }
    put(URI.create("s3://data/model.zip"), s3Settings(), Files.readAllBytes(model));
    Path ftpHome = Files.createDirectories(dir.resolve("ftp-home"));
    copyTree(inputDir, Files.createDirectories(ftpHome.resolve("in")));
    Files.copy(model, ftpHome.resolve("model.zip"));
    ftp = FtpTestServer.start(ftpHome);
    sftp = SftpTestServer.start(Files.createDirectories(dir.resolve("sftp-root")));
    knownHosts = sftp.knownHosts(dir.resolve("known_hosts"), sftp.port());
    localOutput = runToLocal("local", List.of());
  }

  private static void chooseData() throws Exception {
    String fixture = System.getProperty("sluice.fixture", "");
    if (fixture.isBlank()) {
      DemoData.Result demo = DemoFixture.data();
      inputDir = demo.inputDir();
      model = demo.model();
      baseJob = DemoFixture.jobFile(dir, dir.resolve("unused"));
      return;
    }
    Path root = Path.of(fixture).toAbsolutePath();
    inputDir = root.resolve("in");
    try (Stream<Path> zips = Files.list(root)) {
      model = zips.filter(p -> p.toString().endsWith(".zip")).findFirst().orElseThrow();
    }
    baseJob = root.resolve("job.conf");
  }

  @AfterAll
  static void stop() throws Exception {
    if (system != null) system.terminate();
    if (s3 != null) s3.close();
    if (ftp != null) ftp.close();
    if (sftp != null) sftp.close();
  }

  static Config s3Settings() {
    return ConfigFactory.parseMap(Map.of("endpoint", s3.endpoint(), "path-style-access", true, "region", "us-east-1",
        "access-key-id", "sluice", "secret-access-key", SECRET));
  }

  /** The job's keys for an s3 { } block, as --set arguments. */
  private static List<String> s3Sets(String location) {
    return List.of("--set", "job." + location + ".s3.endpoint=" + s3.endpoint(),
        "--set", "job." + location + ".s3.path-style-access=true",
        "--set", "job." + location + ".s3.region=us-east-1",
        "--set", "job." + location + ".s3.access-key-id=sluice",
        "--set", "job." + location + ".s3.secret-access-key=" + SECRET);
  }

  @Test
  void inputAndModelInS3GiveTheLocalOutput() throws Exception {
    List<String> args = new ArrayList<>(List.of("--set", "job.input.uri=s3://data/in/", "--set", "job.model.uri=s3://data/model.zip"));
    args.addAll(s3Sets("input"));
    args.addAll(s3Sets("model"));
    assertSame(localOutput, runToLocal("from-s3", args));
  }

  @Test
  void readsCutMidwayReopenWhereTheyWereAndLoseNothing() throws Exception {
    try (DroppingProxy proxy = new DroppingProxy(s3.port(), 60_000, 5)) {
      List<String> args = new ArrayList<>(List.of("--set", "job.input.uri=s3://data/in/"));
      args.addAll(s3Sets("input"));
      args.addAll(List.of("--set", "job.input.s3.endpoint=http://127.0.0.1:" + proxy.port()));
      assertSame(localOutput, runToLocal("through-proxy", args));
      assertTrue(proxy.dropped() > 0, "the proxy cut connections: " + proxy.dropped());
    }
  }

  @Test
  void outputInS3IsTheLocalOutput() throws Exception {
    List<String> args = new ArrayList<>(List.of("--set", "job.output.uri=s3://results/out/"));
    args.addAll(s3Sets("output"));
    assertEquals(0, run(args, dir.resolve("unused")).code());
    assertSame(localOutput, fetch(URI.create("s3://results/out/"), s3Settings()));
    assertTrue(exists(URI.create("s3://results/out/_SUCCESS"), s3Settings()));
  }

  /** Parquet written by DuckDB, read from S3 with ranged reads and written to S3: the same part files as locally. */
  @Test
  void parquetFromS3ToS3IsTheLocalParquetOutput() throws Exception {
    Path local = Files.createDirectories(dir.resolve("parquet-in"));
    try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        java.sql.Statement sql = db.createStatement()) {
      sql.execute("COPY (SELECT 'C' || i AS customer_id, (['north', 'south', 'east', 'west'])[i % 4 + 1] AS region,"
          + " (i % 72)::INTEGER AS tenure_months, CAST(20 + (i * 37 % 10000) / 100.0 AS DECIMAL(9, 2)) AS monthly_charges,"
          + " (i % 7)::BIGINT AS support_calls, (i % 4)::FLOAT AS contract_years,"
          + " CASE WHEN i % 500 = 7 THEN NULL ELSE (i % 3)::DOUBLE END AS late_payments FROM range(5000) r(i) ORDER BY i)"
          + " TO '" + local.resolve("t.parquet") + "' (FORMAT parquet, ROW_GROUP_SIZE 2048, COMPRESSION zstd)");
    }
    put(URI.create("s3://data/parquet/t.parquet"), s3Settings(), Files.readAllBytes(local.resolve("t.parquet")));
    List<String> parquet = List.of("--set", "job.input.format=parquet", "--set", "job.output.format=parquet",
        "--set", "job.input.split-size=1KiB", "--set", "job.errors.max-bad-records=100");
    List<String> localArgs = new ArrayList<>(parquet);
    localArgs.addAll(List.of("--set", "job.input.uri=" + local.toUri()));
    Map<String, byte[]> expected = runToLocal(Demo.get(), "parquet-local", localArgs);
    assertEquals(3 + 3, expected.size(), "a part file and an errors file per row group: " + expected.keySet());

    List<String> args = new ArrayList<>(parquet);
    args.addAll(List.of("--set", "job.input.uri=s3://data/parquet/", "--set", "job.output.uri=s3://results/parquet-out/"));
    args.addAll(s3Sets("input"));
    args.addAll(s3Sets("output"));
    Outcome outcome = run(Demo.get(), args, dir.resolve("unused"));
    assertEquals(0, outcome.code(), outcome.text());
    Map<String, byte[]> fromS3 = fetch(URI.create("s3://results/parquet-out/"), s3Settings());
    assertEquals(expected.keySet(), fromS3.keySet());
    for (String name : expected.keySet()) {
      if (name.startsWith("_errors/")) continue; // they name their source file, local or s3://
      assertArrayEquals(expected.get(name), fromS3.get(name), name);
    }
  }

  /**
   * Input and output on one S3 endpoint: partitions whose output runs past a 5 MiB part while their reads, held back
   * by the model, are still open must still finish (S3 writes are not spooled as FTP and SFTP writes are).
   */
  @Test
  void s3InAndOutOnOneEndpointWithMorePartitionsThanConnectionsFinishes() throws Exception {
    put(URI.create("s3://data/big/big.csv"), s3Settings(), bigCsv(24 << 20));
    List<String> args = new ArrayList<>(List.of("--set", "job.input.uri=s3://data/big/",
        "--set", "job.output.uri=s3://results/big-out/", "--set", "job.input.split-size=6MiB",
        "--set", "job.workers.partitions-in-flight=4", "--set", "job.errors.max-bad-record-fraction=0.5",
        "--set", "job.input.passthrough=" + passthroughAll()));
    args.addAll(s3Sets("input"));
    args.addAll(s3Sets("output"));
    Outcome outcome = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofMinutes(3),
        () -> run(args, dir.resolve("unused")));
    assertEquals(0, outcome.code(), outcome.text());
    Map<String, byte[]> written = fetch(URI.create("s3://results/big-out/"), s3Settings());
    assertTrue(written.keySet().stream().filter(name -> name.startsWith("part-")).count() >= 4, written.keySet().toString());
  }

  /** The demo's rows again and again, one header, to about {@code bytes}. */
  private static byte[] bigCsv(int bytes) throws Exception {
    ByteArrayOutputStream big = new ByteArrayOutputStream();
    List<Path> files = Files.list(inputDir).sorted().toList();
    big.writeBytes((Files.readAllLines(files.get(0)).get(0) + "\n").getBytes(StandardCharsets.UTF_8));
    while (big.size() < bytes) {
      for (Path f : files) {
        List<String> lines = Files.readAllLines(f);
        big.writeBytes((String.join("\n", lines.subList(1, lines.size())) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    return big.toByteArray();
  }

  /** Every column of the demo's header but the id, as a HOCON list: outputs as wide as their inputs. */
  private static String passthroughAll() throws Exception {
    List<Path> files = Files.list(inputDir).sorted().toList();
    List<String> columns = List.of(Files.readAllLines(files.get(0)).get(0).split(","));
    return "[" + String.join(",", columns.subList(1, columns.size()).stream().map(c -> "\"" + c + "\"").toList()) + "]";
  }

  /** The job's keys for an ftp { } block, as --set arguments. */
  private static List<String> ftpSets(String location, String password) {
    return List.of("--set", "job." + location + ".ftp.user=" + FtpTestServer.USER,
        "--set", "job." + location + ".ftp.password=" + password);
  }

  @Test
  void ftpToS3GivesTheLocalOutput() throws Exception {
    String server = "ftp://127.0.0.1:" + ftp.port();
    List<String> args = new ArrayList<>(List.of("--set", "job.input.uri=" + server + "/in/",
        "--set", "job.model.uri=" + server + "/model.zip", "--set", "job.output.uri=s3://results/from-ftp/"));
    args.addAll(ftpSets("input", FtpTestServer.PASSWORD));
    args.addAll(ftpSets("model", FtpTestServer.PASSWORD));
    args.addAll(s3Sets("output"));
    Outcome outcome = run(args, dir.resolve("unused"));
    assertEquals(0, outcome.code(), outcome.text());
    assertSame(localOutput, fetch(URI.create("s3://results/from-ftp/"), s3Settings()));
  }

  /**
   * Input and output on one FTP server share its connections (4): partitions that each hold a read, a part-file
   * upload and an errors-file upload must still all finish when there are more of them at once than connections.
   */
  @Test
  void ftpInAndOutOnOneServerWithMorePartitionsThanConnectionsFinishes() throws Exception {
    String server = "ftp://127.0.0.1:" + ftp.port();
    List<String> args = new ArrayList<>(List.of("--set", "job.input.uri=" + server + "/in/",
        "--set", "job.output.uri=" + server + "/results/same-server/", "--set", "job.input.split-size=2KiB",
        "--set", "job.workers.partitions-in-flight=4"));
    args.addAll(ftpSets("input", FtpTestServer.PASSWORD));
    args.addAll(ftpSets("output", FtpTestServer.PASSWORD));
    Outcome outcome = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofMinutes(2),
        () -> run(args, dir.resolve("unused")));
    assertEquals(0, outcome.code(), outcome.text());
  }

  /**
   * The same over SFTP, with partitions large enough (1 MiB) that their reads are still open, held back by the model,
   * when their uploads start: input and output on one server, more partitions at once than its connections (4).
   */
  @Test
  void sftpInAndOutOnOneServerWithMorePartitionsThanConnectionsFinishes() throws Exception {
    String server = "sftp://127.0.0.1:" + sftp.port();
    put(URI.create(server + "/same-server/in/big.csv"), sftpSettings(), bigCsv(8 << 20));
    List<String> args = new ArrayList<>(List.of("--set", "job.input.uri=" + server + "/same-server/in/",
        "--set", "job.output.uri=" + server + "/same-server/out/", "--set", "job.input.split-size=1MiB",
        "--set", "job.workers.partitions-in-flight=4", "--set", "job.errors.max-bad-record-fraction=0.5"));
    for (String location : List.of("input", "output")) {
      args.addAll(List.of("--set", "job." + location + ".sftp.user=" + SftpTestServer.USER,
          "--set", "job." + location + ".sftp.password=" + SftpTestServer.PASSWORD,
          "--set", "job." + location + ".sftp.known-hosts=" + knownHosts));
    }
    Outcome outcome = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofMinutes(2),
        () -> run(args, dir.resolve("unused")));
    assertEquals(0, outcome.code(), outcome.text());
  }

  private static Config sftpSettings() {
    return ConfigFactory.parseMap(Map.of("user", SftpTestServer.USER, "password", SftpTestServer.PASSWORD,
        "known-hosts", knownHosts.toString()));
  }

  @Test
  void s3ToSftpGivesTheLocalOutput() throws Exception {
    String out = "sftp://127.0.0.1:" + sftp.port() + "/results/from-s3/";
    List<String> args = new ArrayList<>(List.of("--set", "job.input.uri=s3://data/in/", "--set", "job.model.uri=s3://data/model.zip",
        "--set", "job.output.uri=" + out,
        "--set", "job.output.sftp.user=" + SftpTestServer.USER, "--set", "job.output.sftp.password=" + SftpTestServer.PASSWORD,
        "--set", "job.output.sftp.known-hosts=" + knownHosts));
    args.addAll(s3Sets("input"));
    args.addAll(s3Sets("model"));
    Outcome outcome = run(args, dir.resolve("unused"));
    assertEquals(0, outcome.code(), outcome.text());
    assertSame(localOutput, fetch(URI.create(out), sftpSettings()));
    assertTrue(exists(URI.create(out + "_SUCCESS"), sftpSettings()));
  }

  /**
   * A folder of many small files over SFTP, whose pool holds 4 connections: the planner's header reads (16 at once)
   * and each pack's whole-file reads (8 at once per partition) wait their turn and give the local output.
   */
  @Test
  void manySmallFilesOverSftpGiveTheLocalOutput() throws Exception {
    List<String> demo = Files.readAllLines(Demo.get().input().resolve("customers-1.csv"));
    Path local = Files.createDirectories(dir.resolve("many-small"));
    Path remote = Files.createDirectories(dir.resolve("sftp-root").resolve("many-small"));
    for (int i = 0; i < 120; i++) {
      List<String> lines = new ArrayList<>(List.of(demo.get(0)));
      lines.addAll(demo.subList(1 + i * 20, 21 + i * 20));
      Files.write(local.resolve(String.format("day-%03d.csv", i)), lines);
      Files.write(remote.resolve(String.format("day-%03d.csv", i)), lines);
    }
    List<String> packs = List.of("--set", "job.input.split-size=64KiB", "--set", "job.input.open-cost=0");
    List<String> localArgs = new ArrayList<>(List.of("--set", "job.input.uri=" + local.toUri()));
    localArgs.addAll(packs);
    Map<String, byte[]> expected = runToLocal(Demo.get(), "many-small-local", localArgs);
    List<String> args = new ArrayList<>(List.of("--set", "job.input.uri=sftp://127.0.0.1:" + sftp.port() + "/many-small/",
        "--set", "job.input.sftp.user=" + SftpTestServer.USER, "--set", "job.input.sftp.password=" + SftpTestServer.PASSWORD,
        "--set", "job.input.sftp.known-hosts=" + knownHosts));
    args.addAll(packs);
    Map<String, byte[]> actual = runToLocal(Demo.get(), "many-small-sftp", args);
    assertTrue(expected.keySet().stream().filter(name -> name.startsWith("part-")).count() < 120, "packed: " + expected.keySet());
    assertSame(expected, actual);
  }

  @Test
  void secretsNamedByTheJobComeFromTheNodesConfiguration() throws Exception {
    // what node.conf or local.conf does with sluice.secrets.it-ftp = ${?IT_FTP_PASSWORD}
    System.setProperty("sluice.secrets.it-ftp", FtpTestServer.PASSWORD);
    System.setProperty("sluice.secrets.it-sftp", SftpTestServer.PASSWORD);
    ConfigFactory.invalidateCaches();
    try {
      String server = "ftp://127.0.0.1:" + ftp.port();
      String out = "sftp://127.0.0.1:" + sftp.port() + "/results/by-secret-name/";
      List<String> args = new ArrayList<>(List.of("--set", "job.input.uri=" + server + "/in/",
          "--set", "job.model.uri=" + server + "/model.zip", "--set", "job.output.uri=" + out,
          "--set", "job.input.ftp.user=" + FtpTestServer.USER, "--set", "job.input.ftp.password-secret=it-ftp",
          "--set", "job.model.ftp.user=" + FtpTestServer.USER, "--set", "job.model.ftp.password-secret=it-ftp",
          "--set", "job.output.sftp.user=" + SftpTestServer.USER, "--set", "job.output.sftp.password-secret=it-sftp",
          "--set", "job.output.sftp.known-hosts=" + knownHosts));
      Outcome outcome = run(args, dir.resolve("unused"));
      assertEquals(0, outcome.code(), outcome.text());
      assertSame(localOutput, fetch(URI.create(out), sftpSettings()));
      assertFalse(outcome.text().contains(FtpTestServer.PASSWORD) || outcome.text().contains(SftpTestServer.PASSWORD));
    } finally {
      System.clearProperty("sluice.secrets.it-ftp");
      System.clearProperty("sluice.secrets.it-sftp");
      ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void anUnknownSecretNameIsNamedBeforeAnyDataIsRead() {
    List<String> args = new ArrayList<>(List.of("--set", "job.input.uri=ftp://127.0.0.1:" + ftp.port() + "/in/",
        "--set", "job.input.ftp.user=" + FtpTestServer.USER, "--set", "job.input.ftp.password-secret=no-such-secret"));
    Outcome outcome = run(args, dir.resolve("never"));
    assertEquals(2, outcome.code(), outcome.text());
    assertTrue(outcome.text().contains("job.input.ftp.password-secret") && outcome.text().contains("'no-such-secret'"),
        outcome.text());

    List<String> both = new ArrayList<>(List.of("--set", "job.input.uri=ftp://127.0.0.1:" + ftp.port() + "/in/",
        "--set", "job.input.ftp.password=" + FtpTestServer.PASSWORD, "--set", "job.input.ftp.password-secret=it-ftp"));
    Outcome refused = run(both, dir.resolve("never"));
    assertEquals(2, refused.code(), refused.text());
    assertTrue(refused.text().contains("job.input.ftp.password"), refused.text());
    assertFalse(refused.text().contains(FtpTestServer.PASSWORD), refused.text());
  }

  @Test
  void anUnknownSftpHostKeyIsRefused() throws Exception {
    List<String> args = new ArrayList<>(List.of("--set", "job.output.uri=sftp://127.0.0.1:" + sftp.port() + "/results/x/",
        "--set", "job.output.sftp.user=" + SftpTestServer.USER, "--set", "job.output.sftp.password=" + SftpTestServer.PASSWORD,
        "--set", "job.output.sftp.known-hosts=" + Files.writeString(dir.resolve("empty_known_hosts"), "")));
    Outcome outcome = run(args, dir.resolve("never"));
    assertEquals(2, outcome.code(), outcome.text());
    assertTrue(outcome.text().contains("job.output.uri") && outcome.text().contains("host key"), outcome.text());
    assertFalse(outcome.text().contains(SftpTestServer.PASSWORD));
  }

  @Test
  void aWrongFtpPasswordIsNamedAndNotShown() {
    List<String> args = new ArrayList<>(List.of("--set", "job.input.uri=ftp://127.0.0.1:" + ftp.port() + "/in/"));
    args.addAll(ftpSets("input", "wrong-password-xyz"));
    Outcome outcome = run(args, dir.resolve("never"));
    assertEquals(2, outcome.code(), outcome.text());
    assertTrue(outcome.text().contains("job.input.uri") && outcome.text().contains("login as '" + FtpTestServer.USER + "'"),
        outcome.text());
    assertFalse(outcome.text().contains("wrong-password-xyz"), "the password leaked: " + outcome.text());
  }

  @Test
  void anUnknownBucketIsNamedAndTheSecretIsNot() throws Exception {
    List<String> args = new ArrayList<>(List.of("--set", "job.input.uri=s3://no-such-bucket/in/"));
    args.addAll(s3Sets("input"));
    Outcome outcome = run(args, dir.resolve("never"));
    assertEquals(2, outcome.code(), outcome.text());
    assertTrue(outcome.text().contains("no-such-bucket"), outcome.text());
    assertFalse(outcome.text().contains(SECRET), "the secret leaked: " + outcome.text());
  }

  record Outcome(int code, String text) {}

  /** A job file with its input folder and model. */
  private record Data(Path job, Path input, Path model) {}

  /**
   * The demo's job, files and model, whatever data the class runs on (.ci/run gives it the flowers fixture): for the
   * tests that make inputs with the demo's columns.
   */
  private static final class Demo {
    private static Data data;

    static synchronized Data get() {
      if (data == null) {
        DemoData.Result demo = DemoFixture.data();
        data = new Data(DemoFixture.jobFile(dir, dir.resolve("unused")), demo.inputDir(), demo.model());
      }
      return data;
    }
  }

  private static Outcome run(List<String> extra, Path out) {
    return run(new Data(baseJob, inputDir, model), extra, out);
  }

  private static Outcome run(Data data, List<String> extra, Path out) {
    List<String> args = new ArrayList<>(List.of("run", data.job().toString(), "--quiet",
        "--set", "job.input.uri=" + data.input().toUri(), "--set", "job.model.uri=" + data.model().toUri(),
        "--set", "job.output.uri=" + out.toUri()));
    args.addAll(extra);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(text, true, StandardCharsets.UTF_8);
    int code = Main.run(args, print, print);
    return new Outcome(code, text.toString(StandardCharsets.UTF_8));
  }

  private static Map<String, byte[]> runToLocal(String name, List<String> extra) throws Exception {
    return runToLocal(new Data(baseJob, inputDir, model), name, extra);
  }

  private static Map<String, byte[]> runToLocal(Data data, String name, List<String> extra) throws Exception {
    Path out = dir.resolve(name);
    Outcome outcome = run(data, extra, out);
    assertEquals(0, outcome.code(), outcome.text());
    return fetch(out.toUri(), ConfigFactory.empty());
  }

  /** Part and errors files below a location, by relative name; byte arrays compared by content. */
  static Map<String, byte[]> fetch(URI location, Config settings) throws Exception {
    return StoredFiles.parts(storages, system, location, settings);
  }


  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
    }
  }

  static void put(URI target, Config settings, byte[] bytes) throws Exception {
    Storage storage = storages.forUri(target, settings);
    StagedWrite staged = Source.single(ByteString.fromArray(bytes)).runWith(storage.write(target), system).toCompletableFuture().get();
    staged.commit().toCompletableFuture().get();
  }

  static boolean exists(URI target, Config settings) throws Exception {
    return !storages.forUri(target, settings).list(target).toCompletableFuture().get().isEmpty();
  }

  /**
   * The same files with the same bytes; errors lines name their source file by its URI, which
   * differs between stores, so those are compared with the file given by its name alone.
   */
  static void assertSame(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    assertTrue(expected.size() > 1, "the reference run wrote part files");
    assertEquals(expected.keySet(), actual.keySet());
    for (String name : expected.keySet()) {
      if (name.startsWith("_errors/")) assertEquals(byFileName(expected.get(name)), byFileName(actual.get(name)), name);
      else assertArrayEquals(expected.get(name), actual.get(name), name);
    }
  }

  private static String byFileName(byte[] errors) {
    return new String(errors, StandardCharsets.UTF_8).replaceAll("\"file\":\"[^\"]*/", "\"file\":\"");
  }
}
