package io.sluice.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.connectors.format.Predictions;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionTranslatorTest {

  private static final float[] TWO_ROWS_OF_THREE = {0.1f, 0.7f, 0.2f, 0.5f, 0.2f, 0.3f};

  @Test
  void probabilitiesKeepEveryUnit() {
    Predictions predictions =
        PredictionTranslator.toPredictions(TWO_ROWS_OF_THREE, 2, 3, OutputMode.PROBABILITIES, List.of("a", "b", "c"));

    assertEquals(2, predictions.rows());
    assertEquals(3, predictions.width());
    assertArrayEquals(TWO_ROWS_OF_THREE, predictions.values());
    assertNull(predictions.labels());
  }

  @Test
  void rawKeepsEveryUnit() {
    Predictions predictions = PredictionTranslator.toPredictions(TWO_ROWS_OF_THREE, 2, 3, OutputMode.RAW, List.of());

    assertEquals(3, predictions.width());
    assertArrayEquals(TWO_ROWS_OF_THREE, predictions.values());
  }

  @Test
  void labelGivesTheHighestUnitAndItsScore() {
    Predictions predictions =
        PredictionTranslator.toPredictions(TWO_ROWS_OF_THREE, 2, 3, OutputMode.LABEL, List.of("a", "b", "c"));

    assertEquals(2, predictions.rows());
    assertEquals(1, predictions.width());
    assertArrayEquals(new String[] {"b", "a"}, predictions.labels());
    assertArrayEquals(new float[] {0.7f, 0.5f}, predictions.values());
  }

  @Test
  void labelWithoutLabelsGivesTheUnitIndex() {
    Predictions predictions = PredictionTranslator.toPredictions(TWO_ROWS_OF_THREE, 2, 3, OutputMode.LABEL, null);

    assertArrayEquals(new String[] {"1", "0"}, predictions.labels());
  }

  @Test
  void tiesGoToTheFirstUnit() {
    Predictions predictions =
        PredictionTranslator.toPredictions(new float[] {0.5f, 0.5f}, 1, 2, OutputMode.LABEL, List.of("x", "y"));

    assertArrayEquals(new String[] {"x"}, predictions.labels());
  }

  @Test
  void refusesLabelsThatDoNotMatchTheWidth() {
    assertThrows(IllegalArgumentException.class,
        () -> PredictionTranslator.toPredictions(TWO_ROWS_OF_THREE, 2, 3, OutputMode.LABEL, List.of("a", "b")));
  }
}
