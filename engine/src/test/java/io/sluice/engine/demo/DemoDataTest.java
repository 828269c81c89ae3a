package io.sluice.engine.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.model.LoadedModel;
import io.sluice.engine.model.ModelFormat;
import io.sluice.engine.model.ModelLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataTest {

  /** Id, region (maybe quoted, with commas), then the rest: enough CSV for the demo's own files. */
  private static final Pattern LINE = Pattern.compile("^([^,\"]*),(\"(?:[^\"]|\"\")*\"|[^,\"]*),(.*)$");

  @TempDir
  static Path dir;

  private static DemoData.Result demo;
  private static List<String> dataLines;

  @BeforeAll
  static void generate() throws IOException {
    demo = DemoData.generate(dir, 42);
    dataLines = new ArrayList<>();
    for (int file = 1; file <= 3; file++) {
      List<String> lines = Files.readAllLines(demo.inputDir().resolve("customers-" + file + ".csv"));
      assertEquals(DemoCsvWriter.HEADER, lines.get(0));
      lines.stream().skip(1).filter(line -> !line.isEmpty()).forEach(dataLines::add);
    }
  }

  @Test
  void writesThreeFilesOfCustomersWithAFewBadRecords() {
    assertEquals(15_000, demo.records());
    assertEquals(demo.records(), dataLines.size());
    assertEquals(30, demo.badRecords());
    assertEquals(demo.badRecords(), dataLines.stream().filter(line -> featuresOf(line) == null).count());
    assertTrue(dataLines.stream().anyMatch(line -> line.contains("\"north, coast\"")));
    assertEquals(List.of("stay", "churn"), demo.labels());
    assertEquals(5, demo.features().size());
  }

  @Test
  void theModelLoadsWithItsNormalizer() throws IOException {
    LoadedModel model = ModelLoader.load(Files.readAllBytes(demo.model()), ModelFormat.AUTO);

    assertEquals(5, model.inputWidth());
    assertEquals(2, model.outputWidth());
    assertTrue(model.hasNormalizer());
  }

  @Test
  void theModelPredictsTheRuleBehindTheData() throws IOException {
    List<float[]> rows = dataLines.stream().map(DemoDataTest::featuresOf).filter(row -> row != null).toList();
    float[] batch = new float[rows.size() * 5];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, batch, i * 5, 5);
    }
    LoadedModel model = ModelLoader.load(Files.readAllBytes(demo.model()), ModelFormat.AUTO);

    float[] outputs = model.newReplica().predict(batch, rows.size(), 5);

    int agreeing = 0;
    int predictedChurners = 0;
    for (int i = 0; i < rows.size(); i++) {
      boolean predictsChurn = outputs[i * 2 + 1] > outputs[i * 2];
      predictedChurners += predictsChurn ? 1 : 0;
      agreeing += predictsChurn == ChurnRule.likelyToChurn(rows.get(i)) ? 1 : 0;
    }
    double accuracy = agreeing / (double) rows.size();
    assertTrue(accuracy > 0.9, "accuracy against the rule: " + accuracy);
    assertTrue(predictedChurners > rows.size() / 10, "the model must find churners: " + predictedChurners);
  }

  private static float[] featuresOf(String line) {
    Matcher fields = LINE.matcher(line);
    if (!fields.matches()) {
      return null;
    }
    String[] values = fields.group(3).split(",", -1);
    if (values.length != 5) {
      return null;
    }
    float[] features = new float[5];
    try {
      for (int i = 0; i < 5; i++) {
        features[i] = Float.parseFloat(values[i]);
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return features;
  }
}
