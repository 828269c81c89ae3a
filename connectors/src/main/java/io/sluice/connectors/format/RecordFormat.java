package io.sluice.connectors.format;

/** The record formats Sluice reads and writes. */
public enum RecordFormat {
  CSV,
  JSONL
}
