package io.sluice.engine.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.connectors.format.RecordFormat;
import io.sluice.engine.model.ModelFormat;
import io.sluice.engine.model.OnnxSettings;
import io.sluice.engine.model.OutputMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobParserTest {
  private static final String MINIMAL = """
      job {
        name = "churn-scoring"
        input { uri = "file:///data/in/", features = ["a", "b"], id-column = "id" }
        model { uri = "file:///models/m.zip" }
        output { uri = "file:///data/out/" }
      }
      """;

  @Test
  void minimalJobGetsTheContractDefaults() {
    JobSpec job = JobParser.parse(MINIMAL);
    assertEquals("churn-scoring", job.name());
    assertEquals(RecordFormat.CSV, job.input().format());
    assertTrue(job.input().csv().header());
    assertEquals(',', job.input().csv().delimiter());
    assertEquals(64L * 1024 * 1024, job.input().splitSize());
    assertEquals(List.of("id"), job.input().carriedColumns());
    assertEquals(OutputMode.PROBABILITIES, job.model().output());
    assertEquals(1024, job.batching().maxSize());
    assertEquals(Duration.ofMillis(20), job.batching().maxWait());
    assertEquals(0, job.workers().modelReplicas());
    assertEquals(2, job.workers().partitionsInFlight());
    assertEquals(WriteMode.ERROR_IF_EXISTS, job.output().mode());
    assertEquals(3, job.errors().partitionRetries());
    assertEquals(Duration.ofSeconds(30), job.errors().leaseTimeout());
    assertNull(job.schedule());
  }

  @Test
  void smallFilesAreChargedAnOpenCostOf4KiBByDefaultAndNeverANegativeOne() {
    assertEquals(4096, JobParser.parse(MINIMAL).input().openCost());
    assertEquals(0, JobParser.parse(MINIMAL + "job.input.open-cost = 0").input().openCost());
    JobException e = assertThrows(JobException.class, () -> JobParser.parse(MINIMAL + "job.input.open-cost = -1"));
    assertTrue(e.getMessage().startsWith("job.input.open-cost: "), e.getMessage());
  }

  @Test
  void theOnnxBlockDefaultsToTheModelsOwnChoicesAndOneThreadAndTakesAutoOrAThreadCount() {
    assertEquals(new OnnxSettings("", "", 1), JobParser.parse(MINIMAL).model().onnx(), "contract §8: threads = 1");
    assertEquals(new OnnxSettings("", "", 0), JobParser.parse(MINIMAL + "job.model.onnx.threads = auto").model().onnx());
    JobSpec job = JobParser.parse(MINIMAL + "job.model { format = onnx, onnx { input = X, output = probs, threads = 3 } }");
    assertEquals(ModelFormat.ONNX, job.model().format());
    assertEquals(new OnnxSettings("X", "probs", 3), job.model().onnx());
    JobException e = assertThrows(JobException.class, () -> JobParser.parse(MINIMAL + "job.model.onnx.threads = 0"));
    assertEquals("job.model.onnx.threads: 0 is outside 1..256", e.getMessage());
    JobException typo = assertThrows(JobException.class, () -> JobParser.parse(MINIMAL + "job.model.onnx.inptu = X"));
    assertTrue(typo.getMessage().startsWith("job.model.onnx.inptu: unknown key"), typo.getMessage());
  }

  @Test
  void sourceParsesBackToTheSameJob() {
    JobSpec job = JobParser.parse(MINIMAL + "job.batching.max-wait = 5ms\njob.model.labels = [x, y]");
    JobSpec again = JobParser.parse(job.source());
    assertEquals(job.input(), again.input());
    assertEquals(job.model(), again.model());
    assertEquals(job.batching(), again.batching());
    assertEquals(job.output(), again.output());
    assertEquals(job.errors(), again.errors());
  }

  @Test
  void everyProblemOfAJobIsReportedAtOnceEachWithItsKey() {
    JobException e = assertThrows(JobException.class, () -> JobParser.parse(MINIMAL
        .replace("features =", "featurs =")
        + "job.batching.max-size = 0\njob.output.mode = sometimes\njob.errors.max-bad-records = -1\n"));
    assertEquals(List.of(
        "job.input.featurs: unknown key (did you mean job.input.features?)",
        "job.input.features: required",
        "job.batching.max-size: 0 is outside 1..65536",
        "job.output.mode: 'sometimes' is not one of error-if-exists, overwrite, resume, append",
        "job.errors.max-bad-records: must not be negative"), e.problems());
    assertEquals(String.join("\n", e.problems()), e.getMessage());
  }

  @Test
  void credentialsInAnyUriAreRefusedWithoutEchoingThem() {
    for (String uri : List.of("s3://AKIA:wJalrXUtn@bucket/in/", "ftp://ana:pa55word@10.0.0.5/in/",
        "sftp://ana:pa55word@host/in/", "file://root:pa55word@localhost/data/in/")) {
      JobException e = assertThrows(JobException.class,
          () -> JobParser.parse(MINIMAL.replace("file:///data/in/", uri)), uri);
      assertTrue(e.getMessage().startsWith("job.input.uri: credentials in the URI"), e.getMessage());
      assertFalse(e.getMessage().contains("pa55word") || e.getMessage().contains("wJalrXUtn"), e.getMessage());
    }
  }

  @Test
  void mistypedKeyIsNamedWithASuggestion() {
    JobException e = assertThrows(JobException.class,
        () -> JobParser.parse(MINIMAL.replace("features =", "featurs =")));
    assertEquals("job.input.featurs", e.key());
    assertTrue(e.getMessage().contains("did you mean job.input.features?"), e.getMessage());
  }

  @Test
  void wrongTypeNamesTheKey() {
    JobException e = assertThrows(JobException.class,
        () -> JobParser.parse(MINIMAL.replace("output { uri", "batching { max-size = lots }\n output { uri")));
    assertEquals("job.batching.max-size", e.key());
  }

  @Test
  void missingRequiredKeysAreNamed() {
    assertEquals("job.model.uri", assertThrows(JobException.class,
        () -> JobParser.parse(MINIMAL.replace("model { uri = \"file:///models/m.zip\" }", ""))).key());
    assertEquals("job.input.features", assertThrows(JobException.class,
        () -> JobParser.parse(MINIMAL.replace(", features = [\"a\", \"b\"]", ""))).key());
    assertEquals("job", assertThrows(JobException.class, () -> JobParser.parse("name = x")).key());
  }

  @Test
  void outOfRangeAndBadValuesAreRefused() {
    assertEquals("job.name", assertThrows(JobException.class,
        () -> JobParser.parse(MINIMAL.replace("churn-scoring", "Churn Scoring"))).key());
    assertEquals("job.input.split-size", assertThrows(JobException.class,
        () -> JobParser.parse(MINIMAL.replace("id-column", "split-size = -5, id-column"))).key());
    assertEquals("job.batching.max-size", assertThrows(JobException.class,
        () -> JobParser.parse(MINIMAL + "job.batching.max-size = 100000000")).key());
    assertEquals("job.errors.lease-timeout", assertThrows(JobException.class,
        () -> JobParser.parse(MINIMAL + "job.errors.lease-timeout = 100ms")).key());
    assertEquals(Duration.ofMillis(300), JobParser.parse(MINIMAL + "job.errors.lease-timeout = 300ms").errors().leaseTimeout());
    JobException mode = assertThrows(JobException.class, () -> JobParser.parse(MINIMAL + "job.output.mode = append"));
    assertEquals("job.output.mode: append is for database (jdbc:) outputs; files take error-if-exists, overwrite or resume", mode.getMessage());
    assertEquals(OutputMode.LABEL, JobParser.parse(MINIMAL + "job.model.output = Label").model().output());
    assertEquals("job.input.uri", assertThrows(JobException.class,
        () -> JobParser.parse(MINIMAL.replace("file:///data/in/", "gopher://x/in"))).key());
    assertEquals("job.errors.max-bad-record-fraction", assertThrows(JobException.class,
        () -> JobParser.parse(MINIMAL + "job.errors.max-bad-record-fraction = 1.5")).key());
    assertEquals("job.schedule", assertThrows(JobException.class,
        () -> JobParser.parse(MINIMAL + "job.schedule = \"every night\"")).key());
  }

  @Test
  void hostileLocationsAreRefused() {
    JobException climbing = assertThrows(JobException.class,
        () -> JobParser.parse(MINIMAL.replace("file:///data/in/", "file:///data/in/../../etc/")));
    assertEquals("job.input.uri", climbing.key());
    JobException ownOutput = assertThrows(JobException.class,
        () -> JobParser.parse(MINIMAL.replace("file:///data/out/", "file:///data/in/scores/")));
    assertEquals("job.output.uri", ownOutput.key());
    assertTrue(ownOutput.getMessage().contains("inside job.input.uri"), ownOutput.getMessage());
    assertEquals("job.batching.max-wait", assertThrows(JobException.class,
        () -> JobParser.parse(MINIMAL + "job.batching.max-wait = -5ms")).key());
    assertEquals("job.workers.partitions-in-flight", assertThrows(JobException.class,
        () -> JobParser.parse(MINIMAL + "job.workers.partitions-in-flight = 100000")).key());
  }

  @Test
  void overridesFromTheCommandLineWinAndUrisSurviveTheirSlashes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.conf");
    Files.writeString(file, MINIMAL);
    JobSpec job = JobFiles.load(file, List.of("job.input.uri=file:///elsewhere/in/", "job.batching.max-size=512",
        "job.input.passthrough=[region, plan]", "job.model.labels=[\"stay\", \"churn\"]"));
    assertEquals("file:///elsewhere/in/", job.input().uri().toString());
    assertEquals(512, job.batching().maxSize());
    assertEquals(List.of("region", "plan"), job.input().passthrough());
    assertEquals(List.of("stay", "churn"), job.model().labels());
  }

  @Test
  void aMissingJobFileIsNamed(@TempDir Path dir) {
    JobException e = assertThrows(JobException.class, () -> JobFiles.load(dir.resolve("nope.conf"), List.of()));
    assertTrue(e.getMessage().contains("nope.conf"), e.getMessage());
  }

  @Test
  void cronMacrosAndFiveFieldSchedulesAreAccepted() {
    for (String schedule : List.of("@daily", "@hourly", "@weekly", "@monthly", "@yearly", "@annually", "@midnight",
        " @Daily ", "0 2 * * *", "*/15 9-17 * * MON-FRI", "0 0 29 2 *")) {
      assertEquals(schedule, JobParser.parse(MINIMAL + "job.schedule = \"" + schedule + "\"").schedule());
    }
  }

  @Test
  void anInvalidScheduleIsNamedWithCronsOwnProblem() {
    JobException macro = assertThrows(JobException.class, () -> JobParser.parse(MINIMAL + "job.schedule = \"@reboot\""));
    assertEquals("job.schedule: '@reboot' is not a cron expression: unknown macro @reboot", macro.getMessage());
    JobException hour = assertThrows(JobException.class, () -> JobParser.parse(MINIMAL + "job.schedule = \"0 25 * * *\""));
    assertEquals("job.schedule", hour.key());
    assertEquals("job.schedule: '0 25 * * *' is not a cron expression: hour: 25 is outside 0-23", hour.getMessage());
    JobException fields = assertThrows(JobException.class, () -> JobParser.parse(MINIMAL + "job.schedule = \"0 2 * *\""));
    assertTrue(fields.getMessage().endsWith("expected 5 fields (minute hour day-of-month month day-of-week), found 4"),
        fields.getMessage());
  }
}
