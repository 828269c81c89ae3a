package io.sluice.engine.model;

/** What the job's {@code model.output} asks to write per record: all unit values, or the winning label. */
public enum OutputMode {
  PROBABILITIES,
  LABEL,
  RAW
}
