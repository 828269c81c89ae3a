package io.sluice.engine.work;

import io.sluice.connectors.format.DecodedBatch;
import io.sluice.connectors.format.RawRecord;
import io.sluice.connectors.format.RecordDecoder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * Groups framed records into micro-batches of at most {@code max-size} records, or fewer
 * once {@code max-wait} has passed since the batch began, and decodes each into one
 * feature buffer plus its bad records. It pulls only as fast as the model takes batches.
 */
final class MicroBatcher {
  private MicroBatcher() {}

  /**
   * Decodes up to {@code parallelism} batches at once on {@code cpu}, so that parsing the next batches overlaps
   * framing and the model call; batches leave in input order.
   */
  static Flow<RawRecord, DecodedBatch, NotUsed> flow(int maxSize, Duration maxWait, RecordDecoder decoder, Executor cpu,
      int parallelism) {
    return Flow.of(RawRecord.class).groupedWithin(maxSize, maxWait)
        .mapAsync(parallelism, records -> CompletableFuture.supplyAsync(() -> decoder.decode(records), cpu));
  }
}
