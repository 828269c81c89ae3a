package io.sluice.engine.model;

import java.util.ArrayList;
import java.util.List;

/** The names of the prediction columns a job writes, per the output contract. */
public final class OutputColumns {

  private OutputColumns() {}

  /**
   * {@code p_<unit>} per output unit for probabilities, {@code y_<unit>} for raw, {@code label, score} for label;
   * a unit is named by {@code labels} when given, else by its index.
   */
  public static List<String> names(OutputMode mode, List<String> labels, int outputWidth) {
    List<String> units = unitNames(labels, outputWidth);
    return switch (mode) {
      case PROBABILITIES -> prefixed("p_", units);
      case RAW -> prefixed("y_", units);
      case LABEL -> List.of("label", "score");
    };
  }

  /** The name of each output unit: its label, or its index when the job gives no labels. */
  static List<String> unitNames(List<String> labels, int outputWidth) {
    if (labels != null && !labels.isEmpty()) {
      if (labels.size() != outputWidth) {
        throw new IllegalArgumentException("model.labels has " + labels.size() + " names but the model has "
            + outputWidth + " outputs");
      }
      return List.copyOf(labels);
    }
    List<String> indices = new ArrayList<>(outputWidth);
    for (int unit = 0; unit < outputWidth; unit++) {
      indices.add(Integer.toString(unit));
    }
    return indices;
  }

  private static List<String> prefixed(String prefix, List<String> units) {
    return units.stream().map(unit -> prefix + unit).toList();
  }
}
