package io.sluice.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutputColumnsTest {

  @Test
  void probabilitiesAreNamedByLabel() {
    assertEquals(List.of("p_stay", "p_churn"),
        OutputColumns.names(OutputMode.PROBABILITIES, List.of("stay", "churn"), 2));
  }

  @Test
  void rawValuesAreNamedByLabel() {
    assertEquals(List.of("y_stay", "y_churn"), OutputColumns.names(OutputMode.RAW, List.of("stay", "churn"), 2));
  }

  @Test
  void unitsWithoutLabelsAreNamedByIndex() {
    assertEquals(List.of("p_0", "p_1", "p_2"), OutputColumns.names(OutputMode.PROBABILITIES, List.of(), 3));
    assertEquals(List.of("y_0"), OutputColumns.names(OutputMode.RAW, null, 1));
  }

  @Test
  void labelModeHasLabelAndScore() {
    assertEquals(List.of("label", "score"), OutputColumns.names(OutputMode.LABEL, List.of("stay", "churn"), 2));
    assertEquals(List.of("label", "score"), OutputColumns.names(OutputMode.LABEL, List.of(), 5));
  }

  @Test
  void labelsMustMatchTheOutputWidth() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> OutputColumns.names(OutputMode.PROBABILITIES, List.of("stay", "churn"), 3));
    assertEquals("model.labels has 2 names but the model has 3 outputs", refused.getMessage());
  }
}
