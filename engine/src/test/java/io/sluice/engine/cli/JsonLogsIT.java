package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.engine.testing.DemoFixture;
import io.sluice.engine.testing.SluiceLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SLUICE_LOG_FORMAT=json}: a real {@code ./sluice run} writes its logs as one JSON object
 * per line (logback's JsonEncoder), and every line about the run carries its id in the MDC.
 */
class JsonLogsIT {
  private static final Pattern RUN_ID = Pattern.compile("run (demo-test-\\d{8}-\\d{6}-[0-9a-f]{4})");
  @TempDir Path dir;

  @Test
  void everyLogLineIsAJsonObjectAndLinesAboutARunCarryItsId() throws Exception {
    Path job = DemoFixture.jobFile(dir, dir.resolve("out"), "job.input.split-size = 64KiB");
    Path stdout = dir.resolve("stdout.txt");
    Path stderr = dir.resolve("stderr.txt");
    Process process = SluiceLauncher.builder(dir, Map.of("SLUICE_LOG_FORMAT", "json", "SLUICE_LOG_LEVEL", "INFO"),
            "run", job.toString())
        .redirectErrorStream(false).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    assertTrue(process.waitFor(3, TimeUnit.MINUTES), "the run ends");
    assertEquals(0, process.exitValue(), Files.readString(stdout) + Files.readString(stderr));
    // stdout is the CLI's own output: logback's status report (it warns that one appender is unused) stays out of it
    assertFalse(Files.readString(stdout).contains("ch.qos.logback"), Files.readString(stdout));

    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(stderr)) {
      JsonNode parsed;
      try {
        parsed = json.readTree(line);
      } catch (Exception e) {
        throw new AssertionError("not a JSON object: " + line, e);
      }
      assertTrue(parsed != null && parsed.isObject(), "not a JSON object: " + line);
      assertFalse(parsed.path("level").asText().isEmpty(), line);
      lines.add(parsed);
    }
    List<JsonNode> aboutRun = new ArrayList<>();
    String runId = null;
    for (JsonNode line : lines) {
      Matcher m = RUN_ID.matcher(line.path("formattedMessage").asText(line.path("message").asText()));
      if (!m.find()) continue;
      runId = m.group(1);
      aboutRun.add(line);
      assertEquals(runId, line.path("mdc").path("runId").asText(), "the run id in the MDC of: " + line);
    }
    assertTrue(aboutRun.size() >= 3, "the run's start, model load and end are logged: " + lines);
    assertTrue(aboutRun.stream().anyMatch(l -> l.path("loggerName").asText().endsWith("RunCoordinator")), aboutRun.toString());
    assertTrue(aboutRun.stream().anyMatch(l -> l.path("loggerName").asText().endsWith("PartitionWorker")), aboutRun.toString());
  }
}
