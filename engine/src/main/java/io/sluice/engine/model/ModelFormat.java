package io.sluice.engine.model;

/** The kind of model file named by the job's {@code model.format}; {@code AUTO} tells DL4J zips and ONNX apart by content. */
public enum ModelFormat {
  AUTO,
  DL4J,
  ONNX,
  KERAS,
  SAMEDIFF
}
