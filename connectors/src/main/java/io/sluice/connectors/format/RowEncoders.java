package io.sluice.connectors.format;

import java.util.List;

/** Creates the {@link RowEncoder} for an output format. */
public final class RowEncoders {
  private RowEncoders() {}

  /**
   * An encoder for rows with the named carried columns followed by the named predictions: for label
   * output the names are {@code label, score}, else one name per output value.
   */
  public static RowEncoder create(
      RecordFormat format, List<String> carriedNames, List<String> predictionNames) {
    return switch (format) {
      case CSV -> new CsvRowEncoder(carriedNames, predictionNames);
      case JSONL -> new JsonLinesRowEncoder(carriedNames, predictionNames);
      // needs its settings and the input's types, and lives in the parquet package (which builds on this one)
      case PARQUET -> throw new IllegalArgumentException("Parquet output is written by parquet.ParquetRowEncoder");
    };
  }
}
