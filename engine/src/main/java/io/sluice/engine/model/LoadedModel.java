package io.sluice.engine.model;

import java.util.List;

/**
 * A model read from its file, whatever its runtime: what the engine needs to know about it, a translator from its
 * outputs to the job's columns, and one predictor per thread (DJL's "a translator per model family, a predictor per
 * thread"). Each model family (DL4J zips, ONNX) is one implementation, chosen by {@link ModelLoader}; nothing else in
 * the engine asks which family a model is.
 */
public interface LoadedModel {

  /** Features per record the model takes. */
  int inputWidth();

  /** Values per record each predictor gives back: what {@link #translator} reads. */
  int outputWidth();

  /** SHA-256 of the model file's bytes, in lower-case hex. */
  String sha256();

  /** What kind of model this is, in words for messages: {@code MultiLayerNetwork}, {@code ONNX}, ... */
  String kind();

  /** Whether the model file carried a normalizer, which every prediction then applies first. */
  default boolean hasNormalizer() {
    return false;
  }

  /**
   * The prediction columns for {@code mode}, the units named by the job's {@code labels} when it gives them.
   *
   * @throws IllegalArgumentException when {@code labels} does not fit the model's outputs
   */
  List<String> outputColumns(OutputMode mode, List<String> labels);

  /** Turns a predictor's outputs into the job's predictions; the units named as in {@link #outputColumns}. */
  PredictionTranslator translator(OutputMode mode, List<String> labels);

  /** A predictor for one thread; predictors of one model may run at the same time on different threads. */
  Predictor newReplica();
}
