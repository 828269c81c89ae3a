package io.sluice.engine.model;

/**
 * What a job says about loading its model: the file's format, what to write per record (a model family may fetch
 * different outputs for a label than for probabilities), the ONNX block, and the replicas a node runs (which share
 * its cores). Two loads with equal settings of the same bytes give the same model.
 */
public record ModelSettings(ModelFormat format, OutputMode output, OnnxSettings onnx, int replicas) {

  /** The format's defaults, as for a job that sets nothing but the format. */
  public static ModelSettings of(ModelFormat format) {
    return new ModelSettings(format, OutputMode.PROBABILITIES, OnnxSettings.DEFAULTS,
        Runtime.getRuntime().availableProcessors());
  }
}
