package io.sluice.connectors.format;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Counts the lines of a file that lie before a split, so that a record's line in the file is {@code
 * linesBefore + RawRecord.line()} also when the file is read as several splits.
 */
public final class LineCounting {
  private LineCounting() {}

  /**
   * The number of lines before the first line that starts in the split at {@code splitStart}: 0 for
   * the first split, else the line ends in bytes {@code [0, splitStart - 1)} plus the one that ends
   * the line the split starts after. Reads only those bytes of {@code fileFromStart}.
   */
  public static CompletionStage<Long> linesBefore(
      Source<ByteString, ?> fileFromStart, long splitStart, Materializer materializer) {
    if (splitStart == 0) return CompletableFuture.completedFuture(0L);
    LineEndCount none = new LineEndCount(0, 0, splitStart - 1);
    if (none.done()) return CompletableFuture.completedFuture(1L);
    return fileFromStart
        .scan(none, LineEndCount::plus)
        .takeWhile(count -> !count.done(), true)
        .runWith(Sink.last(), materializer)
        .thenApply(count -> count.lineEnds() + 1);
  }
}
