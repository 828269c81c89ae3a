package io.sluice.connectors.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/** Output rows in CSV and JSON Lines: quoting, escaping, label mode. */
class RowEncodersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static FeatureBatch carrying(String[]... carried) {
    int rows = carried.length;
    return new FeatureBatch(rows, 1, new float[rows], carried, new long[rows], new long[rows]);
  }

  private static final FeatureBatch TWO_ROWS =
      carrying(new String[] {"c1", "north, east"}, new String[] {"c\"2", "line\nbreak\r"});

  @Test
  void writesCsvWithAHeaderAndQuotesWhatNeedsIt() {
    RowEncoder encoder =
        RowEncoders.create(RecordFormat.CSV, List.of("id", "region"), List.of("p_stay", "p,churn"));
    assertEquals("id,region,p_stay,\"p,churn\"\n", encoder.header().utf8String());
    Predictions p = new Predictions(2, 2, new float[] {0.25f, 0.75f, 1e-5f, 1f / 3}, null);
    assertEquals(
        "c1,\"north, east\",0.25,0.75\n\"c\"\"2\",\"line\nbreak\r\",1.0E-5," + (1f / 3) + "\n",
        encoder.encode(TWO_ROWS, p).utf8String());
  }

  @Test
  void writesTheLabelBeforeItsScoreInCsv() {
    RowEncoder encoder =
        RowEncoders.create(RecordFormat.CSV, List.of("id", "region"), List.of("label", "score"));
    Predictions p =
        new Predictions(2, 1, new float[] {0.9f, 0.6f}, new String[] {"churn", "stay, maybe"});
    assertEquals(
        "c1,\"north, east\",churn,0.9\n\"c\"\"2\",\"line\nbreak\r\",\"stay, maybe\",0.6\n",
        encoder.encode(TWO_ROWS, p).utf8String());
  }

  @Test
  void writesJsonLinesWithEscapedStringsAndNullForNonFiniteValues() throws Exception {
    RowEncoder encoder =
        RowEncoders.create(RecordFormat.JSONL, List.of("id", "re\"gion"), List.of("y_0", "y_1"));
    assertEquals(ByteString.emptyByteString(), encoder.header());
    FeatureBatch batch =
        carrying(new String[] {"a\\b", "tab\there\u0001"}, new String[] {"é", "x\ny"});
    Predictions p =
        new Predictions(2, 2, new float[] {1.5f, Float.NaN, Float.POSITIVE_INFINITY, -2e-7f}, null);
    String[] lines = encoder.encode(batch, p).utf8String().split("\n", -1);
    assertEquals(3, lines.length);
    assertEquals("", lines[2]);
    JsonNode first = JSON.readTree(lines[0]);
    assertEquals("a\\b", first.get("id").textValue());
    assertEquals("tab\there\u0001", first.get("re\"gion").textValue());
    assertEquals(1.5, first.get("y_0").doubleValue());
    assertEquals(true, first.get("y_1").isNull());
    JsonNode second = JSON.readTree(lines[1]);
    assertEquals("x\ny", second.get("re\"gion").textValue());
    assertEquals(true, second.get("y_0").isNull());
    assertEquals(-2e-7f, second.get("y_1").floatValue());
    assertEquals(List.of("id", "re\"gion", "y_0", "y_1"), fieldNames(first));
  }

  @Test
  void writesTheLabelAsAStringInJsonLines() throws Exception {
    RowEncoder encoder =
        RowEncoders.create(RecordFormat.JSONL, List.of("id"), List.of("label", "score"));
    FeatureBatch batch = carrying(new String[] {"7"});
    String line =
        encoder
            .encode(batch, new Predictions(1, 1, new float[] {0.5f}, new String[] {"churn"}))
            .utf8String();
    assertEquals("{\"id\":\"7\",\"label\":\"churn\",\"score\":0.5}\n", line);
  }

  @Test
  void refusesPredictionsThatDoNotFitItsColumns() {
    RowEncoder encoder =
        RowEncoders.create(RecordFormat.CSV, List.of("id", "region"), List.of("label", "score"));
    Predictions noLabels = new Predictions(2, 1, new float[] {0.9f, 0.6f}, null);
    assertThrows(IllegalArgumentException.class, () -> encoder.encode(TWO_ROWS, noLabels));
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
