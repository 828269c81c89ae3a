package io.sluice.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.run.RunState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;

/** The Prometheus text the node exposes: names, types, values and a valid layout. */
class MetricsTest {
  /** A sample line of the text format: name, optional labels, value. */
  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)");

  /** Every sample by its name and labels, checking that each line is a comment or a well-formed sample. */
  private static Map<String, String> samples(String text) {
    assertTrue(text.endsWith("\n"), "the text ends with a line feed");
    Map<String, String> samples = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
      Matcher m = SAMPLE.matcher(line);
      assertTrue(m.matches(), "not a sample line: " + line);
      Double.parseDouble(m.group(3).replace("+Inf", "Infinity"));
      samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), m.group(3));
    }
    return samples;
  }

  @Test
  void countersGaugeAndHistogramAreExposedWithHelpAndType() {
    Metrics metrics = new Metrics();
    metrics.recordsRead(100);
    metrics.recordsRead(20);
    metrics.recordsWritten(115);
    metrics.badRecords(5);
    metrics.partitionCommitted();
    metrics.partitionCommitted();
    metrics.partitionFailed();
    metrics.runEnded(RunState.SUCCEEDED);
    metrics.runEnded(RunState.FAILED);
    metrics.runEnded(RunState.SUCCEEDED);
    metrics.batchLatency(Duration.ofMillis(3));
    metrics.batchLatency(Duration.ofMillis(40));
    metrics.batchLatency(Duration.ofSeconds(30));
    metrics.modelLoaded(Duration.ofMillis(1500));

    String text = metrics.prometheusText();
    Map<String, String> samples = samples(text);
    assertEquals("120", samples.get("sluice_records_in_total"));
    assertEquals("115", samples.get("sluice_records_out_total"));
    assertEquals("5", samples.get("sluice_bad_records_total"));
    assertEquals("2", samples.get("sluice_partitions_committed_total"));
    assertEquals("1", samples.get("sluice_partitions_failed_total"));
    assertEquals("2", samples.get("sluice_runs_total{status=\"SUCCEEDED\"}"));
    assertEquals("1", samples.get("sluice_runs_total{status=\"FAILED\"}"));
    assertEquals("0", samples.get("sluice_runs_total{status=\"CANCELLED\"}"));
    assertEquals("0", samples.get("sluice_batch_latency_seconds_bucket{le=\"0.001\"}"));
    assertEquals("1", samples.get("sluice_batch_latency_seconds_bucket{le=\"0.005\"}"));
    assertEquals("2", samples.get("sluice_batch_latency_seconds_bucket{le=\"0.05\"}"));
    assertEquals("2", samples.get("sluice_batch_latency_seconds_bucket{le=\"10\"}"));
    assertEquals("3", samples.get("sluice_batch_latency_seconds_bucket{le=\"+Inf\"}"));
    assertEquals("3", samples.get("sluice_batch_latency_seconds_count"));
    assertEquals("30.043", samples.get("sluice_batch_latency_seconds_sum"));
    assertEquals("1.5", samples.get("sluice_model_load_seconds"));
    assertEquals("1", samples.get("sluice_model_loads_total"));

    assertTrue(text.contains("# TYPE sluice_records_in_total counter\n"));
    assertTrue(text.contains("# TYPE sluice_runs_total counter\n"));
    assertTrue(text.contains("# TYPE sluice_batch_latency_seconds histogram\n"));
    assertTrue(text.contains("# TYPE sluice_model_load_seconds gauge\n"));
    for (String name : List.of("sluice_records_in_total", "sluice_records_out_total", "sluice_bad_records_total",
        "sluice_partitions_committed_total", "sluice_partitions_failed_total", "sluice_runs_total",
        "sluice_batch_latency_seconds", "sluice_model_load_seconds", "sluice_model_loads_total",
        "sluice_schedule_fires_total")) {
      assertEquals(1, text.split("# HELP " + name + " ", -1).length - 1, "one HELP line for " + name);
      assertEquals(1, text.split("# TYPE " + name + " ", -1).length - 1, "one TYPE line for " + name);
    }
  }

  @Test
  void bucketsAreCumulativeAndBoundsInclusive() {
    Metrics metrics = new Metrics();
    metrics.batchLatency(Duration.ofMillis(100));
    Map<String, String> samples = samples(metrics.prometheusText());
    assertEquals("0", samples.get("sluice_batch_latency_seconds_bucket{le=\"0.05\"}"));
    assertEquals("1", samples.get("sluice_batch_latency_seconds_bucket{le=\"0.1\"}"), "le means less or equal");
    assertEquals("1", samples.get("sluice_batch_latency_seconds_bucket{le=\"0.25\"}"));
    List<Long> counts = new ArrayList<>();
    samples.forEach((key, value) -> {
      if (key.startsWith("sluice_batch_latency_seconds_bucket")) counts.add(Long.parseLong(value));
    });
    assertEquals(14, counts.size(), "13 bounds from 0.001 to 10 s, then +Inf");
  }

  @Test
  void nothingLoadedYetMeansNoGaugeSampleAndZeroCounters() {
    Map<String, String> samples = samples(new Metrics().prometheusText());
    assertFalse(samples.containsKey("sluice_model_load_seconds"));
    assertEquals("0", samples.get("sluice_model_loads_total"));
    assertEquals("0", samples.get("sluice_records_in_total"));
    assertEquals("0", samples.get("sluice_batch_latency_seconds_sum"));
  }

  @Test
  void scheduleFiresAreCountedByJobAndOutcome() {
    Metrics metrics = new Metrics();
    assertFalse(metrics.prometheusText().contains("sluice_schedule_fires_total{"), "no fire, no sample");
    metrics.scheduleFired("nightly", "ran");
    metrics.scheduleFired("nightly", "skipped");
    metrics.scheduleFired("nightly", "skipped");
    metrics.scheduleFired("hourly", "refused");
    metrics.scheduleFired("odd\"name\\", "queued");
    String text = metrics.prometheusText();
    Map<String, String> samples = samples(text);
    assertEquals("1", samples.get("sluice_schedule_fires_total{job=\"nightly\",outcome=\"ran\"}"));
    assertEquals("2", samples.get("sluice_schedule_fires_total{job=\"nightly\",outcome=\"skipped\"}"));
    assertEquals("1", samples.get("sluice_schedule_fires_total{job=\"hourly\",outcome=\"refused\"}"));
    assertEquals("1", samples.get("sluice_schedule_fires_total{job=\"odd\\\"name\\\\\",outcome=\"queued\"}"), text);
    assertTrue(text.contains("# TYPE sluice_schedule_fires_total counter\n"
        + "sluice_schedule_fires_total{job=\"hourly\",outcome=\"refused\"} 1\n"
        + "sluice_schedule_fires_total{job=\"nightly\",outcome=\"ran\"} 1\n"
        + "sluice_schedule_fires_total{job=\"nightly\",outcome=\"skipped\"} 2\n"), "sorted by job, then outcome:\n" + text);
  }

  @Test
  void onlyFinalStatesEndARun() {
    assertThrows(IllegalArgumentException.class, () -> new Metrics().runEnded(RunState.RUNNING));
  }

  @Test
  void countsFromManyThreadsAreNotLost() throws Exception {
    Metrics metrics = new Metrics();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int t = 0; t < 8; t++) {
      pool.execute(() -> {
        for (int i = 0; i < 10_000; i++) {
          metrics.recordsRead(1);
          metrics.batchLatency(Duration.ofMillis(2));
        }
      });
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    Map<String, String> samples = samples(metrics.prometheusText());
    assertEquals("80000", samples.get("sluice_records_in_total"));
    assertEquals("80000", samples.get("sluice_batch_latency_seconds_count"));
  }

  @Test
  void oneInstancePerActorSystem() {
    ActorTestKit first = ActorTestKit.create();
    ActorTestKit second = ActorTestKit.create();
    try {
      assertSame(Metrics.get(first.system()), Metrics.get(first.system()));
      Metrics.get(first.system()).recordsRead(7);
      assertEquals("0", samples(Metrics.get(second.system()).prometheusText()).get("sluice_records_in_total"));
    } finally {
      first.shutdownTestKit();
      second.shutdownTestKit();
    }
  }
}
