package io.sluice.connectors.format;

/** Checks that a batch and its predictions fit the columns an encoder was made for. */
final class EncoderInputs {
  private EncoderInputs() {}

  static void check(
      FeatureBatch batch, Predictions predictions, int carriedCount, int predictionCount) {
    if (predictions.rows() != batch.rows) {
      throw new IllegalArgumentException(
          "predictions for " + predictions.rows() + " rows given for a batch of " + batch.rows);
    }
    int predicted = predictions.width() + (predictions.labels() == null ? 0 : 1);
    if (predicted != predictionCount) {
      throw new IllegalArgumentException(
          predicted
              + " prediction values per row given for "
              + predictionCount
              + " prediction columns");
    }
    if (batch.rows > 0 && batch.carried[0].length != carriedCount) {
      throw new IllegalArgumentException(
          batch.carried[0].length
              + " carried values per row given for "
              + carriedCount
              + " carried columns");
    }
  }
}
