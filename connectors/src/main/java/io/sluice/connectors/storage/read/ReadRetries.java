package io.sluice.connectors.storage.read;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How hard a {@link ResumableRead} tries: how many failures in a row without progress it takes,
 * and how long it waits before each reopen. Read from a store's {@code read-retries},
 * {@code retry-backoff}, {@code retry-max-backoff} and {@code retry-random-factor}.
 *
 * @param retries reopens allowed after failures in a row without a byte of progress (0: none)
 * @param minBackoff the wait before the first reopen
 * @param maxBackoff the longest wait, however many failures came before
 * @param randomFactor up to this fraction is added to each wait at random, so that readers cut off
 *     together do not reopen together
 */
public record ReadRetries(int retries, Duration minBackoff, Duration maxBackoff, double randomFactor) {

  public ReadRetries {
    if (retries < 0) throw new IllegalArgumentException("read-retries: must not be negative, got " + retries);
    if (minBackoff.isNegative()) throw new IllegalArgumentException("retry-backoff: must not be negative, got " + minBackoff);
    if (maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException("retry-max-backoff: must not be less than retry-backoff (" + minBackoff + "), got " + maxBackoff);
    }
    if (randomFactor < 0 || randomFactor > 1) {
      throw new IllegalArgumentException("retry-random-factor: must be between 0 and 1, got " + randomFactor);
    }
  }

  /**
   * The wait before reopening after the {@code failure}-th failure in a row (1 for the first):
   * {@code minBackoff} doubled {@code failure - 1} times, at most {@code maxBackoff}, plus up to
   * {@code randomFactor} of that at random.
   */
  public Duration backoff(int failure) {
    long min = minBackoff.toMillis();
    long doubled = failure <= 1 ? min : min << Math.min(failure - 1, 30);
    long capped = Math.min(doubled < 0 ? Long.MAX_VALUE : doubled, maxBackoff.toMillis());
    long jitter = (long) (capped * randomFactor * ThreadLocalRandom.current().nextDouble());
    return Duration.ofMillis(capped + jitter);
  }

  /** The same waits without any reopen: the first failure fails the read. */
  public ReadRetries withoutRetries() {
    return new ReadRetries(0, minBackoff, maxBackoff, randomFactor);
  }
}
