package io.sluice.connectors.format;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Reads a file the way a job reads its partitions: each split framed from its read offset in
 * randomly sized chunks, the header dropped from the first split, records decoded in micro-batches,
 * lines made absolute with the split's line count.
 */
final class PartitionedRead {
  /** Long enough for a slow build machine, short enough that a hang fails the test. */
  static final long TIMEOUT_SECONDS = 30;

  private PartitionedRead() {}

  /** Random split points over the file: always 0 and the file's end, a few cuts between. */
  static long[] randomCuts(int fileLength, boolean splittable, SplittableRandom random) {
    TreeSet<Long> cuts = new TreeSet<>(List.of(0L, (long) fileLength));
    int extra = splittable && fileLength > 1 ? random.nextInt(6) : 0;
    for (int i = 0; i < extra; i++) cuts.add(1 + random.nextLong(fileLength - 1));
    return cuts.stream().mapToLong(Long::longValue).toArray();
  }

  /** Reads all splits in turn with {@code decoder}. */
  static ReadOutcome read(
      byte[] file,
      long[] cuts,
      FramingSettings framing,
      boolean dropHeader,
      RecordDecoder decoder,
      SplittableRandom random,
      Materializer materializer)
      throws Exception {
    long recordsIn = 0;
    List<ReadOutcome.Good> good = new ArrayList<>();
    List<ReadOutcome.Bad> bad = new ArrayList<>();
    for (int i = 0; i + 1 < cuts.length; i++) {
      FramingSettings split =
          new FramingSettings(
              cuts[i],
              cuts[i + 1],
              framing.quoteAware(),
              framing.quote(),
              framing.maxRecordLength());
      long linesBefore =
          await(LineCounting.linesBefore(chunked(file, 0, random), cuts[i], materializer));
      Source<RawRecord, NotUsed> records =
          chunked(file, (int) split.readOffset(), random).via(RecordFraming.flow(split));
      if (dropHeader && cuts[i] == 0) records = records.drop(1);
      int batchSize = 1 + random.nextInt(64);
      List<Pair<Integer, DecodedBatch>> batches =
          await(
              records
                  .grouped(batchSize)
                  .map(group -> Pair.create(group.size(), decoder.decode(group)))
                  .runWith(Sink.seq(), materializer));
      for (Pair<Integer, DecodedBatch> batch : batches) {
        recordsIn += batch.first();
        FeatureBatch rows = batch.second().good();
        for (int row = 0; row < rows.rows; row++) {
          float[] features =
              Arrays.copyOfRange(rows.features, row * rows.width, (row + 1) * rows.width);
          good.add(
              new ReadOutcome.Good(
                  linesBefore + rows.lines[row], rows.offsets[row], features, rows.carried[row]));
        }
        for (BadRecord record : batch.second().bad()) {
          bad.add(new ReadOutcome.Bad(linesBefore + record.line(), record));
        }
      }
    }
    return new ReadOutcome(recordsIn, good, bad);
  }

  /**
   * The file from {@code from} on in chunks of random sizes, small ones often, so that records,
   * line ends, quotes and multi-byte characters fall across chunk borders.
   */
  static Source<ByteString, NotUsed> chunked(byte[] bytes, int from, SplittableRandom random) {
    // Byte-sized chunks cost a stream element per byte, so long files get larger ones.
    int[] maxChunks =
        bytes.length - from > 8192 ? new int[] {16, 256, 65536} : new int[] {1, 3, 16, 256, 65536};
    int maxChunk = maxChunks[random.nextInt(maxChunks.length)];
    List<ByteString> chunks = new ArrayList<>();
    for (int at = from; at < bytes.length; ) {
      int size = Math.min(1 + random.nextInt(maxChunk), bytes.length - at);
      chunks.add(ByteString.fromArray(bytes, at, size));
      at += size;
    }
    return Source.from(chunks);
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
