package io.sluice.engine.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's records read and written over time, for the console's chart: one sample a second at
 * most, and never more than {@link #MAX_SAMPLES}: when full, every other sample is dropped and
 * the interval doubles, so a run of any length keeps its whole history at a coarser grain.
 */
final class Throughput {
  static final int MAX_SAMPLES = 600;
  private final List<RunDetail.Sample> samples = new ArrayList<>();
  private Duration interval = Duration.ofSeconds(1);

  /** Records a sample at {@code at} when the interval since the last one has passed, or when {@code force}. */
  void sample(Instant at, RunStatus.Records records, boolean force) {
    if (!samples.isEmpty()) {
      RunDetail.Sample last = samples.get(samples.size() - 1);
      if (!force && Duration.between(last.at(), at).compareTo(interval) < 0) return;
      if (last.at().equals(at)) return;
    }
    samples.add(new RunDetail.Sample(at, records.in(), records.out()));
    if (samples.size() > MAX_SAMPLES) thin();
  }

  /** Keeps the first, every other one after it, and the last. */
  private void thin() {
    List<RunDetail.Sample> kept = new ArrayList<>(samples.size() / 2 + 2);
    for (int i = 0; i < samples.size(); i += 2) kept.add(samples.get(i));
    RunDetail.Sample last = samples.get(samples.size() - 1);
    if (kept.get(kept.size() - 1) != last) kept.add(last);
    samples.clear();
    samples.addAll(kept);
    interval = interval.multipliedBy(2);
  }

  List<RunDetail.Sample> samples() {
    return List.copyOf(samples);
  }
}
