package io.sluice.engine.metrics;

import io.sluice.engine.run.RunState;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The node's counters, one set per actor system, rendered for {@code GET /metrics} in the
 * Prometheus text format 0.0.4. Every method may be called from any thread.
 */
public final class Metrics implements Extension {
  private static final double[] BATCH_LATENCY_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  private static final long NO_LOAD_YET = -1;

  private final LongAdder recordsIn = new LongAdder();
  private final LongAdder recordsOut = new LongAdder();
  private final LongAdder badRecords = new LongAdder();
  private final LongAdder partitionsCommitted = new LongAdder();
  private final LongAdder partitionsFailed = new LongAdder();
  private final Map<RunState, LongAdder> runsEnded = new EnumMap<>(RunState.class);
  private final LatencyHistogram batchLatency = new LatencyHistogram(BATCH_LATENCY_BUCKETS);
  private final AtomicLong lastModelLoadNanos = new AtomicLong(NO_LOAD_YET);
  private final LongAdder modelLoads = new LongAdder();
  /** Schedule fires by their rendered labels ({@code job="x",outcome="ran"}), sorted as they are shown. */
  private final Map<String, LongAdder> scheduleFires = new ConcurrentSkipListMap<>();

  /** The metrics of {@code system}'s node. */
  public static Metrics get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  Metrics() {
    for (RunState state : RunState.values()) {
      if (state.isFinal()) runsEnded.put(state, new LongAdder());
    }
  }

  public void recordsRead(long n) {
    recordsIn.add(n);
  }

  public void recordsWritten(long n) {
    recordsOut.add(n);
  }

  public void badRecords(long n) {
    badRecords.add(n);
  }

  public void partitionCommitted() {
    partitionsCommitted.increment();
  }

  public void partitionFailed() {
    partitionsFailed.increment();
  }

  /** Counts a run that ended in {@code state}, which must be final. */
  public void runEnded(RunState state) {
    LongAdder counter = runsEnded.get(state);
    if (counter == null) throw new IllegalArgumentException("a run ends as SUCCEEDED, FAILED or CANCELLED, not " + state);
    counter.increment();
  }

  /** One model call's time, from its batch leaving the batcher to its predictions. */
  public void batchLatency(Duration d) {
    batchLatency.observe(d);
  }

  public void modelLoaded(Duration d) {
    lastModelLoadNanos.set(Math.max(0, d.toNanos()));
    modelLoads.increment();
  }

  /** Counts a fire of {@code job}'s schedule by its outcome: ran, skipped, queued or refused. */
  public void scheduleFired(String job, String outcome) {
    String labels = "job=\"" + labelValue(job) + "\",outcome=\"" + labelValue(outcome) + "\"";
    scheduleFires.computeIfAbsent(labels, l -> new LongAdder()).increment();
  }

  /** Every metric in the Prometheus text exposition format 0.0.4. */
  public String prometheusText() {
    StringBuilder out = new StringBuilder(2048);
    counter(out, "sluice_records_in_total", "Records read from the input.", recordsIn.sum());
    counter(out, "sluice_records_out_total", "Records written with a prediction.", recordsOut.sum());
    counter(out, "sluice_bad_records_total", "Records written to an errors file instead of scored.", badRecords.sum());
    counter(out, "sluice_partitions_committed_total", "Partitions whose output was committed.", partitionsCommitted.sum());
    counter(out, "sluice_partitions_failed_total", "Partition attempts that failed.", partitionsFailed.sum());
    header(out, "sluice_runs_total", "Runs that ended, by final status.", "counter");
    runsEnded.forEach((state, count) ->
        out.append("sluice_runs_total{status=\"").append(state).append("\"} ").append(count.sum()).append('\n'));
    header(out, "sluice_batch_latency_seconds", "Time of one model call on a micro-batch.", "histogram");
    batchLatency.render("sluice_batch_latency_seconds", out);
    header(out, "sluice_model_load_seconds", "Time the last model load took.", "gauge");
    long lastLoad = lastModelLoadNanos.get();
    if (lastLoad != NO_LOAD_YET) {
      out.append("sluice_model_load_seconds ").append(LatencyHistogram.number(lastLoad / 1e9)).append('\n');
    }
    counter(out, "sluice_model_loads_total", "Models loaded.", modelLoads.sum());
    header(out, "sluice_schedule_fires_total", "Fires of registered jobs' schedules, by job and outcome.", "counter");
    scheduleFires.forEach((labels, count) ->
        out.append("sluice_schedule_fires_total{").append(labels).append("} ").append(count.sum()).append('\n'));
    return out.toString();
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    header(out, name, help, "counter");
    out.append(name).append(' ').append(value).append('\n');
  }

  /** A label value as the text format escapes it: backslash, double quote and line feed. */
  private static String labelValue(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
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
