package io.sluice.connectors.format;

/**
 * Where a split lies in its file and how records end.
 *
 * @param splitStart offset of the split's first byte; records starting before it belong to
 *     the previous split
 * @param splitEnd offset just past the split; the last record starting before it is read to
 *     its end; {@link Long#MAX_VALUE} for the whole file
 * @param quoteAware true for CSV with {@code multiline = true}: a line end inside a quoted
 *     field does not end the record (such files are never split)
 * @param quote the CSV quote byte (used only when quoteAware)
 * @param maxRecordLength records longer than this many bytes are truncated and flagged
 */
public record FramingSettings(
    long splitStart, long splitEnd, boolean quoteAware, byte quote, int maxRecordLength) {

  /** Where to start reading the file: one byte before the split, to see whether a line ends there. */
  public long readOffset() {
    return splitStart == 0 ? 0 : splitStart - 1;
  }
}
