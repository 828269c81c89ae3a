package io.sluice.connectors.format;

import io.sluice.connectors.format.impl.Framer;
import io.sluice.connectors.format.impl.FramingStage;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;

/**
 * Cuts a split of a file into records that carry their byte offsets and line numbers.
 *
 * <p>The bytes fed in start at {@link FramingSettings#readOffset()}. A split that does not start at
 * 0 begins after the first line end at or after that offset, so a split starting at a line's first
 * byte keeps the line and one starting inside a line leaves it to the split before. A record is the
 * bytes up to {@code \n}, without a trailing {@code \r}; blank lines count as lines but are not
 * records; a UTF-8 byte-order mark at offset 0 is skipped; the last record may lack its line end.
 * Records starting before {@code splitEnd} are read to their end, and the stream completes
 * (cancelling upstream) where the next record would start at or past it. With {@code quoteAware} a
 * line end inside a quoted field does not end the record. Records longer than {@code
 * maxRecordLength} come out truncated and flagged, without being buffered.
 */
public final class RecordFraming {
  private RecordFraming() {}

  public static Flow<ByteString, RawRecord, NotUsed> flow(FramingSettings settings) {
    return Flow.fromGraph(new FramingStage(settings));
  }

  /**
   * The records of a split whose bytes (from {@link FramingSettings#readOffset()}) are all at hand, to the end of the
   * file: the same records as {@link #flow}, framed with no stream (a folder of small files has one per file).
   */
  public static List<RawRecord> whole(ByteString bytes, FramingSettings settings) {
    Framer framer = new Framer(settings);
    framer.offer(bytes);
    framer.endOfInput();
    List<RawRecord> records = new ArrayList<>();
    for (RawRecord record = framer.next(); record != null; record = framer.next()) records.add(record);
    return records;
  }
}
