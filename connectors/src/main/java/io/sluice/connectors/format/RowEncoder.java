package io.sluice.connectors.format;

import org.apache.pekko.util.ByteString;

/** Writes output rows (carried columns, then predictions) as the bytes of one output format. */
public interface RowEncoder {

  /** What starts every output file: the column names for CSV, nothing for JSON Lines. */
  ByteString header();

  /** One line per row of {@code batch}, joined with that row's predictions. */
  ByteString encode(FeatureBatch batch, Predictions predictions);

  /** What ends every output file (a Parquet footer); nothing for text formats. */
  default ByteString finish() {
    return ByteString.emptyByteString();
  }

  /**
   * True when {@link #encode} must see the batches one at a time and in order (a file format that keeps state
   * between them); text encoders are called for several batches at once.
   */
  default boolean inOrder() {
    return false;
  }
}
