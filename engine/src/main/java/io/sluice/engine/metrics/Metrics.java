package io.sluice.engine.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The node's metrics, one registry per actor system, exposed for {@code GET /metrics} in the
 * Prometheus text format 0.0.4 by the Prometheus Java client, with its JVM, GC and process
 * metrics. Every method may be called from any thread. This package knows nothing of runs or
 * jobs beyond the names and states it is given, so that every other package may report here.
 */
public final class Metrics implements Extension {
  /** The content type of {@link #prometheusText()}. */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
  private static final double[] BATCH_LATENCY_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  private static final Set<String> FINAL_STATES = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
  private static final long NO_LOAD_YET = -1;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter recordsIn = counter("sluice_records_in_total", "Records read from the input.");
  private final Counter recordsOut = counter("sluice_records_out_total", "Records written with a prediction.");
  private final Counter badRecords = counter("sluice_bad_records_total", "Records written to an errors file instead of scored.");
  private final Counter partitionsCommitted = counter("sluice_partitions_committed_total", "Partitions whose output was committed.");
  private final Counter partitionsFailed = counter("sluice_partitions_failed_total", "Partition attempts that failed.");
  private final Counter runsEnded = Counter.builder().name("sluice_runs_total")
      .help("Runs that ended, by final status.").labelNames("status").register(registry);
  private final Histogram batchLatency = Histogram.builder().name("sluice_batch_latency_seconds")
      .help("Time of one model call on a micro-batch.").classicOnly().classicUpperBounds(BATCH_LATENCY_BUCKETS)
      .register(registry);
  private final AtomicLong lastModelLoadNanos = new AtomicLong(NO_LOAD_YET);
  private final Counter modelLoads = counter("sluice_model_loads_total", "Models loaded.");
  private final Counter scheduleFires = Counter.builder().name("sluice_schedule_fires_total")
      .help("Fires of registered jobs' schedules, by job and outcome (ran, skipped, queued, refused).")
      .labelNames("job", "outcome").register(registry);
  private final Gauge lastSuccess = Gauge.builder().name("sluice_job_last_success_timestamp_seconds")
      .help("When a run of the job last succeeded (Unix time), by job; set by the node that coordinated the run.")
      .labelNames("job").register(registry);
  private volatile boolean jvmRegistered;

  /** The metrics of {@code system}'s node. */
  public static Metrics get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  Metrics() {
    FINAL_STATES.forEach(runsEnded::initLabelValues);
    GaugeWithCallback.builder().name("sluice_model_load_seconds").help("Time the last model load took.")
        .callback(callback -> {
          long nanos = lastModelLoadNanos.get();
          if (nanos != NO_LOAD_YET) callback.call(nanos / 1e9);
        })
        .register(registry);
  }

  private Counter counter(String name, String help) {
    return Counter.builder().name(name).help(help).register(registry);
  }

  public void recordsRead(long n) {
    recordsIn.inc(n);
  }

  public void recordsWritten(long n) {
    recordsOut.inc(n);
  }

  public void badRecords(long n) {
    badRecords.inc(n);
  }

  public void partitionCommitted() {
    partitionsCommitted.inc();
  }

  public void partitionFailed() {
    partitionsFailed.inc();
  }

  /** Counts a run that ended in {@code state} (a run state: SUCCEEDED, FAILED or CANCELLED). */
  public void runEnded(Enum<?> state) {
    String name = state.name();
    if (!FINAL_STATES.contains(name)) {
      throw new IllegalArgumentException("a run ends as SUCCEEDED, FAILED or CANCELLED, not " + name);
    }
    runsEnded.labelValues(name).inc();
  }

  /** Counts a run of {@code job} that ended in {@code state}; a success also sets the job's last success time. */
  public void runEnded(String job, Enum<?> state, Instant at) {
    runEnded(state);
    if (state.name().equals("SUCCEEDED")) lastSuccess.labelValues(job).set(at.toEpochMilli() / 1000.0);
  }

  /** One model call's time, from its batch leaving the batcher to its predictions. */
  public void batchLatency(Duration d) {
    batchLatency.observe(Math.max(0, d.toNanos()) / 1e9);
  }

  public void modelLoaded(Duration d) {
    lastModelLoadNanos.set(Math.max(0, d.toNanos()));
    modelLoads.inc();
  }

  /** Counts a fire of {@code job}'s schedule by its outcome: ran, skipped, queued or refused. */
  public void scheduleFired(String job, String outcome) {
    scheduleFires.labelValues(job, outcome).inc();
  }

  /**
   * Every metric in the Prometheus text exposition format 0.0.4. The JVM, GC and process metrics join
   * at the first scrape, so that a node that is never scraped does not pay for them at start-up.
   */
  public String prometheusText() {
    registerJvmMetrics();
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to memory", e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private void registerJvmMetrics() {
    if (jvmRegistered) return;
    synchronized (this) {
      if (jvmRegistered) return;
      JvmMetrics.builder().register(registry);
      jvmRegistered = true;
    }
  }

  /** Makes one {@link Metrics} per actor system. */
  static final class Id extends ExtensionId<Metrics> {
    static final Id INSTANCE = new Id();

    private Id() {}

    @Override
    public Metrics createExtension(ActorSystem<?> system) {
      return new Metrics();
    }
  }
}
