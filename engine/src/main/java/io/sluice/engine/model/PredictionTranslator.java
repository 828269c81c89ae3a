package io.sluice.engine.model;

import io.sluice.connectors.format.Predictions;
import java.util.List;

/**
 * Shapes a batch of a predictor's outputs into the {@link Predictions} the job's output mode asks for. One per run,
 * made by the model ({@link LoadedModel#translator}); shared by all threads, as it keeps no state.
 */
public final class PredictionTranslator {
  private final OutputMode mode;
  private final List<String> units;
  private final boolean modelLabelColumn;

  /**
   * @param units the name of each output unit, in order
   * @param modelLabelColumn each output row ends with one more value, the index in {@code units} of the label the
   *     model itself chose; {@code label} writes that unit instead of the highest one
   */
  PredictionTranslator(OutputMode mode, List<String> units, boolean modelLabelColumn) {
    this.mode = mode;
    this.units = List.copyOf(units);
    this.modelLabelColumn = modelLabelColumn;
  }

  /** The translator for {@code outputWidth} units named by {@code labels}, or by their index without labels. */
  public static PredictionTranslator of(OutputMode mode, List<String> labels, int outputWidth) {
    return new PredictionTranslator(mode, OutputColumns.unitNames(labels, outputWidth), false);
  }

  /**
   * All unit values for probabilities and raw; for label, the name of each row's highest unit (its label, or its
   * index without labels) with that unit's value as the score.
   */
  public static Predictions toPredictions(float[] outputs, int rows, int outputWidth, OutputMode mode,
      List<String> labels) {
    return of(mode, labels, outputWidth).toPredictions(outputs, rows, outputWidth);
  }

  /** The predictions of {@code rows} rows of {@code width} values each (a predictor's {@code outputWidth()}). */
  public Predictions toPredictions(float[] outputs, int rows, int width) {
    int unitCount = modelLabelColumn ? width - 1 : width;
    if (unitCount != units.size()) {
      throw new IllegalStateException("the model gave " + unitCount + " values per record; expected " + units.size());
    }
    if (mode != OutputMode.LABEL) {
      return new Predictions(rows, width, outputs, null);
    }
    float[] scores = new float[rows];
    String[] winners = new String[rows];
    for (int row = 0; row < rows; row++) {
      int rowStart = row * width;
      int chosen = modelLabelColumn ? (int) outputs[rowStart + unitCount] : highestUnit(outputs, rowStart, unitCount);
      scores[row] = outputs[rowStart + chosen];
      winners[row] = units.get(chosen);
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
