package io.sluice.connectors.format;

/** The record formats Sluice reads and writes. */
public enum RecordFormat {
  CSV,
  JSONL,
  /** Contract §9: read and written by io.sluice.connectors.parquet, whose classes load only for such jobs. */
  PARQUET
}
