package io.sluice.engine.metrics;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram of durations in seconds with fixed buckets, safe to observe from any thread. */
final class LatencyHistogram {
  private final double[] bounds;
  /** One counter per bucket plus one past the last bound; made cumulative only when rendered. */
  private final LongAdder[] counts;
  private final LongAdder sumNanos = new LongAdder();

  LatencyHistogram(double... boundsSeconds) {
    this.bounds = boundsSeconds.clone();
    this.counts = new LongAdder[bounds.length + 1];
    for (int i = 0; i < counts.length; i++) counts[i] = new LongAdder();
  }

  void observe(Duration d) {
    long nanos = Math.max(0, d.toNanos());
    double seconds = nanos / 1e9;
    int bucket = 0;
    while (bucket < bounds.length && seconds > bounds[bucket]) bucket++;
    counts[bucket].increment();
    sumNanos.add(nanos);
  }

  /** The {@code _bucket}, {@code _sum} and {@code _count} samples of {@code name}. */
  void render(String name, StringBuilder out) {
    long cumulative = 0;
    for (int i = 0; i < bounds.length; i++) {
      cumulative += counts[i].sum();
      out.append(name).append("_bucket{le=\"").append(number(bounds[i])).append("\"} ").append(cumulative).append('\n');
    }
    cumulative += counts[bounds.length].sum();
    out.append(name).append("_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
    out.append(name).append("_sum ").append(number(sumNanos.sum() / 1e9)).append('\n');
    out.append(name).append("_count ").append(cumulative).append('\n');
  }

  /** A float as Prometheus writes it: plain decimal, never exponent notation. */
  static String number(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
