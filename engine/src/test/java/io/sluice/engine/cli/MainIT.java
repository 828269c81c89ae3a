package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.connectors.storage.TemporaryNames;
import io.sluice.engine.testing.DemoFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes and the messages that name the problem. */
class MainIT {
  @TempDir Path dir;
  private final CliCapture cli = new CliCapture();

  private int sluice(String... args) {
    return cli.run(args);
  }

  private int run(Path job, String... sets) {
    List<String> args = new ArrayList<>(List.of("run", job.toString(), "--quiet"));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    return sluice(args.toArray(String[]::new));
  }

  @Test
  void badUsageExitsTwo() {
    assertEquals(2, sluice());
    assertEquals(2, sluice("frobnicate"));
    assertTrue(cli.stderr().contains("unknown command 'frobnicate'"), cli.stderr());
    assertEquals(2, sluice("run"));
    assertEquals(2, sluice("run", "job.conf", "--bogus"));
    assertTrue(cli.stderr().contains("unknown option '--bogus'"), cli.stderr());
  }

  @Test
  void aMissingJobFileExitsTwoNamingIt() {
    assertEquals(2, sluice("run", dir.resolve("nope.conf").toString()));
    assertTrue(cli.stderr().contains("nope.conf"), cli.stderr());
  }

  @Test
  void aMistypedKeyExitsTwoNamingIt() {
    Path job = DemoFixture.jobFile(dir, dir.resolve("out"), "job.batching.max-szie = 10");
    assertEquals(2, run(job));
    assertTrue(cli.stderr().contains("job.batching.max-szie") && cli.stderr().contains("did you mean job.batching.max-size"), cli.stderr());
  }

  @Test
  void aModelWidthMismatchExitsTwoBeforeReadingData() {
    Path job = DemoFixture.jobFile(dir, dir.resolve("out"));
    assertEquals(2, run(job, "job.input.features=[tenure_months, monthly_charges]"));
    assertTrue(cli.stderr().contains("job.input.features") && cli.stderr().contains("takes 5"), cli.stderr());
    assertFalse(Files.exists(dir.resolve("out")), "nothing is written for an invalid job");
  }

  @Test
  void missingInputExitsTwo() {
    Path job = DemoFixture.jobFile(dir, dir.resolve("out"));
    assertEquals(2, run(job, "job.input.uri=" + dir.resolve("no-such-dir").toUri()));
    assertTrue(cli.stderr().contains("job.input.uri") && cli.stderr().contains("no input files"), cli.stderr());
  }

  @Test
  void anUnreadableModelExitsTwo() throws Exception {
    Path notAModel = Files.writeString(dir.resolve("model.zip"), "this is not a zip");
    Path job = DemoFixture.jobFile(dir, dir.resolve("out"));
    assertEquals(2, run(job, "job.model.uri=" + notAModel.toUri()));
    assertTrue(cli.stderr().contains("job.model.uri"), cli.stderr());
    assertEquals(2, run(job, "job.model.uri=" + dir.resolve("missing.zip").toUri()));
    assertTrue(cli.stderr().contains("job.model.uri"), cli.stderr());
  }

  @Test
  void aRunSucceedsThenItsOutputLocationIsRefusedUnlessOverwritten() throws Exception {
    Path out = dir.resolve("out");
    Path job = DemoFixture.jobFile(dir, out);
    assertEquals(0, run(job), cli.stderr());
    assertTrue(cli.stdout().contains("SUCCEEDED"), cli.stdout());
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    assertTrue(Files.exists(out.resolve("_manifest.json")));

    assertEquals(2, run(job));
    assertTrue(cli.stderr().contains("job.output.uri") && cli.stderr().contains("already holds"), cli.stderr());

    Files.writeString(out.resolve("notes.txt"), "mine");
    Path leftover = out.resolve(TemporaryNames.forTarget("part-00000.csv")); // as a write killed midway leaves it
    Files.writeString(leftover, "half a part file");
    assertEquals(0, run(job, "job.output.mode=overwrite"), cli.stderr());
    assertTrue(Files.exists(out.resolve("notes.txt")), "overwrite clears only Sluice's files");
    assertFalse(Files.exists(leftover), "and what killed writes left");
  }

  @Test
  void aRunOverItsErrorBudgetExitsOneWithoutSuccessMarker() {
    Path out = dir.resolve("strict");
    Path job = DemoFixture.jobFile(dir, out, "job.errors.max-bad-record-fraction = 0");
    assertEquals(1, run(job));
    assertTrue(cli.stdout().contains("FAILED") && cli.stdout().contains("error budget"), cli.stdout());
    assertFalse(Files.exists(out.resolve("_SUCCESS")));
    assertTrue(Files.exists(out.resolve("_manifest.json")), "a failed run still leaves its record");
  }

  @Test
  void jsonLinesInAndJsonLinesOut() throws Exception {
    List<String> csv = Files.readAllLines(DemoFixture.data().inputDir().resolve("customers-1.csv"));
    List<String> header = List.of(csv.get(0).split(","));
    List<String> json = new ArrayList<>();
    for (String line : csv.subList(1, 201)) {
      String[] f = line.replace("\"north, coast\"", "north coast").replace("\"south, coast\"", "south coast").split(",", -1);
      if (f.length != header.size()) continue;
      StringBuilder o = new StringBuilder("{\"customer_id\":\"" + f[0] + "\",\"region\":\"" + f[1] + "\"");
      for (int i = 2; i < header.size(); i++) o.append(",\"").append(header.get(i)).append("\":").append(f[i].isEmpty() ? "null" : f[i]);
      json.add(o.append('}').toString());
    }
    json.add("{not json");
    Path input = Files.createDirectories(dir.resolve("jsonl")).resolve("customers.jsonl");
    Files.write(input, json);
    Path out = dir.resolve("out-jsonl");
    Path job = DemoFixture.jobFile(dir, out, "job.input.format = jsonl", "job.output.format = jsonl",
        "job.model.output = label");
    assertEquals(0, run(job, "job.input.uri=" + input.toUri()), cli.stderr());
    List<String> rows = Files.readAllLines(out.resolve("part-00000.jsonl"));
    assertTrue(rows.get(0).matches("\\{\"customer_id\":\"C00001\",\"region\":\"[a-z ]+\",\"label\":\"(stay|churn)\",\"score\":0\\.\\d+.*\\}"), rows.get(0));
    String errors = Files.readString(out.resolve("_errors/part-00000.jsonl"));
    assertTrue(errors.contains("\"line\":" + json.size()) && errors.contains("not a JSON object"), errors);
    assertEquals(json.size(), rows.size() + errors.lines().count(), "every record is a prediction or a bad record");
  }

  @Test
  void csvWithoutHeaderNamesColumnsByIndex() throws Exception {
    List<String> csv = Files.readAllLines(DemoFixture.data().inputDir().resolve("customers-1.csv"));
    Path input = Files.createDirectories(dir.resolve("headless")).resolve("customers.csv");
    Files.write(input, csv.subList(1, 101));
    Path out = dir.resolve("out-headless");
    Path job = DemoFixture.jobFile(dir, out, "job.input.csv.header = false", "job.input.id-column = \"0\"",
        "job.input.passthrough = []", "job.input.features = [2, 3, 4, 5, 6]");
    assertEquals(0, run(job, "job.input.uri=" + input.toUri()), cli.stderr());
    List<String> rows = Files.readAllLines(out.resolve("part-00000.csv"));
    assertEquals("0,p_stay,p_churn", rows.get(0));
    assertTrue(rows.get(1).startsWith("C00001,"), rows.get(1));
  }

  @Test
  void aHeaderBehindMoreBlankLinesThanASplitIsStillTheHeader() throws Exception {
    List<String> csv = Files.readAllLines(DemoFixture.data().inputDir().resolve("customers-2.csv"));
    List<String> lines = new ArrayList<>(java.util.Collections.nCopies(1500, ""));
    lines.addAll(csv.subList(0, 300));
    Path input = Files.createDirectories(dir.resolve("blank-first")).resolve("customers.csv");
    Files.write(input, lines);
    Path out = dir.resolve("out-blank-first");
    assertEquals(0, run(DemoFixture.jobFile(dir, out), "job.input.uri=" + input.toUri(), "job.input.split-size=1KiB"), cli.stderr());
    String manifest = Files.readString(out.resolve("_manifest.json"));
    assertTrue(manifest.contains("\"recordsIn\" : 299"), "the 299 data rows, not the header: " + manifest);
    Path errors = out.resolve("_errors");
    if (Files.isDirectory(errors)) {
      try (var files = Files.list(errors)) {
        for (Path f : files.toList()) assertFalse(Files.readString(f).contains("customer_id"), "the header is not a bad record");
      }
    }
  }

  @Test
  void validateChecksWithoutRunning() {
    Path out = dir.resolve("out");
    assertEquals(0, sluice("validate", DemoFixture.jobFile(dir, out).toString()));
    assertTrue(cli.stdout().contains("is valid") && cli.stdout().contains("partitions"), cli.stdout());
    assertFalse(Files.exists(out));
  }
}
