package io.sluice.engine.model;

import io.sluice.connectors.format.Predictions;
import java.util.List;

/** Shapes a batch of model outputs into the {@link Predictions} the job's output mode asks for. */
public final class PredictionTranslator {

  private PredictionTranslator() {}

  /**
   * All unit values for probabilities and raw; for label, the name of each row's highest unit (its label, or its
   * index without labels) with that unit's value as the score.
   */
  public static Predictions toPredictions(float[] outputs, int rows, int outputWidth, OutputMode mode,
      List<String> labels) {
    List<String> units = OutputColumns.unitNames(labels, outputWidth);
    if (mode != OutputMode.LABEL) {
      return new Predictions(rows, outputWidth, outputs, null);
    }
    float[] scores = new float[rows];
    String[] winners = new String[rows];
    for (int row = 0; row < rows; row++) {
      int best = highestUnit(outputs, row * outputWidth, outputWidth);
      scores[row] = outputs[row * outputWidth + best];
      winners[row] = units.get(best);
    }
    return new Predictions(rows, 1, scores, winners);
  }

  // Ties go to the lower unit, so the choice does not depend on anything but the values.
  private static int highestUnit(float[] outputs, int rowStart, int outputWidth) {
    int best = 0;
    for (int unit = 1; unit < outputWidth; unit++) {
      if (outputs[rowStart + unit] > outputs[rowStart + best]) {
        best = unit;
      }
    }
    return best;
  }
}
