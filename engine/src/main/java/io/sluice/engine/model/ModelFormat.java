package io.sluice.engine.model;

/** The kind of model file named by the job's {@code model.format}. */
public enum ModelFormat {
  AUTO,
  DL4J,
  KERAS,
  SAMEDIFF
}
