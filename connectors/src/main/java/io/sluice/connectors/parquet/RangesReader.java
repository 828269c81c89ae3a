package io.sluice.connectors.parquet;

import io.sluice.connectors.format.DecodedBatch;
import java.io.IOException;
import java.util.List;
import org.apache.pekko.japi.Pair;

/** Reads file ranges one after the other, one open at a time, each batch with its range's index. */
final class RangesReader {
  /** Opens the reader of one range. */
  interface Opener {
    RowGroupReader open(ParquetInput.FileRange range) throws IOException;
  }

  private final List<ParquetInput.FileRange> ranges;
  private final Opener opener;
  private int index;
  private RowGroupReader current;

  RangesReader(List<ParquetInput.FileRange> ranges, Opener opener) {
    this.ranges = List.copyOf(ranges);
    this.opener = opener;
  }

  /** The next batch and its range's index; null after the last range. */
  Pair<Integer, DecodedBatch> next() throws IOException {
    while (index < ranges.size()) {
      if (current == null) current = opener.open(ranges.get(index));
      DecodedBatch batch = current.next();
      if (batch != null) return Pair.create(index, batch);
      closeCurrent();
      index++;
    }
    return null;
  }

  void close() throws IOException {
    closeCurrent();
  }

  private void closeCurrent() throws IOException {
    if (current == null) return;
    RowGroupReader closing = current;
    current = null;
    closing.close();
  }
}
