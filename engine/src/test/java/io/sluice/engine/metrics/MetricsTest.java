package io.sluice.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.testing.PrometheusText;
import io.sluice.engine.testing.PrometheusText.Family;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;

/** The Prometheus text the node exposes, read back with a strict text-format parser: names, types, values. */
class MetricsTest {
  /** Run states as the run package names them; the metrics package takes any enum of these names. */
  private enum State { RUNNING, SUCCEEDED, FAILED, CANCELLED }

  private static final Map<String, String> NO_LABELS = Map.of();

  private static Map<String, Family> scrape(Metrics metrics) {
    String text = metrics.prometheusText();
    try {
      return PrometheusText.parse(text);
    } catch (IllegalArgumentException e) {
      throw new AssertionError(e.getMessage() + "\n" + text, e);
    }
  }

  private static double value(Map<String, Family> families, String family, String sample, Map<String, String> labels) {
    Family f = families.get(family);
    assertNotNull(f, "no family " + family + " in " + families.keySet());
    Double value = f.value(sample, labels);
    assertNotNull(value, "no sample " + sample + labels + " in " + f.samples());
    return value;
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
    metrics.runEnded(State.SUCCEEDED);
    metrics.runEnded(State.FAILED);
    metrics.runEnded(State.SUCCEEDED);
    metrics.batchLatency(Duration.ofMillis(3));
    metrics.batchLatency(Duration.ofMillis(40));
    metrics.batchLatency(Duration.ofSeconds(30));
    metrics.modelLoaded(Duration.ofMillis(1500));

    Map<String, Family> m = scrape(metrics);
    assertEquals(120, value(m, "sluice_records_in_total", "sluice_records_in_total", NO_LABELS));
    assertEquals(115, value(m, "sluice_records_out_total", "sluice_records_out_total", NO_LABELS));
    assertEquals(5, value(m, "sluice_bad_records_total", "sluice_bad_records_total", NO_LABELS));
    assertEquals(2, value(m, "sluice_partitions_committed_total", "sluice_partitions_committed_total", NO_LABELS));
    assertEquals(1, value(m, "sluice_partitions_failed_total", "sluice_partitions_failed_total", NO_LABELS));
    assertEquals(2, value(m, "sluice_runs_total", "sluice_runs_total", Map.of("status", "SUCCEEDED")));
    assertEquals(1, value(m, "sluice_runs_total", "sluice_runs_total", Map.of("status", "FAILED")));
    assertEquals(0, value(m, "sluice_runs_total", "sluice_runs_total", Map.of("status", "CANCELLED")));
    String h = "sluice_batch_latency_seconds";
    assertEquals(0, value(m, h, h + "_bucket", Map.of("le", "0.001")));
    assertEquals(1, value(m, h, h + "_bucket", Map.of("le", "0.005")));
    assertEquals(2, value(m, h, h + "_bucket", Map.of("le", "0.05")));
    assertEquals(2, value(m, h, h + "_bucket", Map.of("le", "10.0")));
    assertEquals(3, value(m, h, h + "_bucket", Map.of("le", "+Inf")));
    assertEquals(3, value(m, h, h + "_count", NO_LABELS));
    assertEquals(30.043, value(m, h, h + "_sum", NO_LABELS), 1e-9);
    assertEquals(1.5, value(m, "sluice_model_load_seconds", "sluice_model_load_seconds", NO_LABELS));
    assertEquals(1, value(m, "sluice_model_loads_total", "sluice_model_loads_total", NO_LABELS));

    assertEquals("counter", m.get("sluice_records_in_total").type());
    assertEquals("counter", m.get("sluice_runs_total").type());
    assertEquals("histogram", m.get(h).type());
    assertEquals("gauge", m.get("sluice_model_load_seconds").type());
    assertEquals("Records read from the input.", m.get("sluice_records_in_total").help());
    assertEquals(14, m.get(h).samples().stream().filter(s -> s.name().endsWith("_bucket")).count(),
        "13 bounds from 0.001 to 10 s, then +Inf");
  }

  @Test
  void bucketBoundsAreInclusive() {
    Metrics metrics = new Metrics();
    metrics.batchLatency(Duration.ofMillis(100));
    Map<String, Family> m = scrape(metrics);
    String h = "sluice_batch_latency_seconds";
    assertEquals(0, value(m, h, h + "_bucket", Map.of("le", "0.05")));
    assertEquals(1, value(m, h, h + "_bucket", Map.of("le", "0.1")), "le means less or equal");
    assertEquals(1, value(m, h, h + "_bucket", Map.of("le", "0.25")));
  }

  @Test
  void nothingLoadedYetMeansNoGaugeSampleAndZeroCounters() {
    Map<String, Family> m = scrape(new Metrics());
    assertTrue(m.get("sluice_model_load_seconds") == null || m.get("sluice_model_load_seconds").samples().isEmpty());
    assertEquals(0, value(m, "sluice_model_loads_total", "sluice_model_loads_total", NO_LABELS));
    assertEquals(0, value(m, "sluice_records_in_total", "sluice_records_in_total", NO_LABELS));
    assertEquals(0, value(m, "sluice_batch_latency_seconds", "sluice_batch_latency_seconds_sum", NO_LABELS));
  }

  @Test
  void scheduleFiresAreCountedByJobAndOutcome() {
    Metrics metrics = new Metrics();
    Family none = scrape(metrics).get("sluice_schedule_fires_total");
    assertTrue(none == null || none.samples().isEmpty(), "no fire, no sample");
    metrics.scheduleFired("nightly", "ran");
    metrics.scheduleFired("nightly", "skipped");
    metrics.scheduleFired("nightly", "skipped");
    metrics.scheduleFired("hourly", "refused");
    metrics.scheduleFired("odd\"name\\\nx", "queued");
    Map<String, Family> m = scrape(metrics);
    String f = "sluice_schedule_fires_total";
    assertEquals(1, value(m, f, f, Map.of("job", "nightly", "outcome", "ran")));
    assertEquals(2, value(m, f, f, Map.of("job", "nightly", "outcome", "skipped")));
    assertEquals(1, value(m, f, f, Map.of("job", "hourly", "outcome", "refused")));
    assertEquals(1, value(m, f, f, Map.of("job", "odd\"name\\\nx", "outcome", "queued")), "escaped and read back");
    assertEquals(List.of("hourly", "nightly", "nightly", "odd\"name\\\nx"),
        m.get(f).samples().stream().map(s -> s.labels().get("job")).toList(), "sorted by job");
  }

  @Test
  void aJobsLastSuccessTimeIsKeptPerJob() {
    Metrics metrics = new Metrics();
    metrics.runEnded("nightly", State.SUCCEEDED, Instant.parse("2026-12-01T02:00:30Z"));
    metrics.runEnded("nightly", State.FAILED, Instant.parse("2026-12-02T02:00:30Z"));
    metrics.runEnded("hourly", State.CANCELLED, Instant.parse("2026-12-02T03:00:00Z"));
    Map<String, Family> m = scrape(metrics);
    String f = "sluice_job_last_success_timestamp_seconds";
    assertEquals("gauge", m.get(f).type());
    assertEquals(Instant.parse("2026-12-01T02:00:30Z").getEpochSecond(), value(m, f, f, Map.of("job", "nightly")),
        "a failure later leaves the last success");
    assertNull(m.get(f).value(f, Map.of("job", "hourly")), "a job that never succeeded has no sample");
    assertEquals(1, value(m, "sluice_runs_total", "sluice_runs_total", Map.of("status", "FAILED")));
  }

  @Test
  void jvmGcAndProcessMetricsAreExposed() {
    Map<String, Family> m = scrape(new Metrics());
    for (String family : List.of("jvm_memory_used_bytes", "jvm_threads_current", "jvm_gc_collection_seconds",
        "jvm_classes_currently_loaded", "process_cpu_seconds_total", "process_start_time_seconds", "jvm_runtime_info")) {
      assertTrue(m.containsKey(family), family + " in " + m.keySet());
    }
    assertTrue(value(m, "jvm_memory_used_bytes", "jvm_memory_used_bytes", Map.of("area", "heap")) > 0);
  }

  @Test
  void onlyFinalStatesEndARun() {
    assertThrows(IllegalArgumentException.class, () -> new Metrics().runEnded(State.RUNNING));
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
    Map<String, Family> m = scrape(metrics);
    assertEquals(80000, value(m, "sluice_records_in_total", "sluice_records_in_total", NO_LABELS));
    assertEquals(80000, value(m, "sluice_batch_latency_seconds", "sluice_batch_latency_seconds_count", NO_LABELS));
  }

  @Test
  void oneInstancePerActorSystem() {
    ActorTestKit first = ActorTestKit.create();
    ActorTestKit second = ActorTestKit.create();
    try {
      assertSame(Metrics.get(first.system()), Metrics.get(first.system()));
      Metrics.get(first.system()).recordsRead(7);
      assertEquals(7, value(scrape(Metrics.get(first.system())), "sluice_records_in_total", "sluice_records_in_total", NO_LABELS));
      assertEquals(0, value(scrape(Metrics.get(second.system())), "sluice_records_in_total", "sluice_records_in_total", NO_LABELS));
      assertFalse(Metrics.get(second.system()).prometheusText().isEmpty());
    } finally {
      first.shutdownTestKit();
      second.shutdownTestKit();
    }
  }
}
