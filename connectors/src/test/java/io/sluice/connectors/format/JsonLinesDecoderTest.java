package io.sluice.connectors.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/** Decoding JSON Lines records: numeric features, carried text, and every bad-record reason. */
class JsonLinesDecoderTest {
  private static final RecordDecoder DECODER =
      JsonLinesDecoder.create(new ColumnSelection(List.of("x", "y"), List.of("id", "region")));

  private static String reasonFor(String line) {
    DecodedBatch batch = DECODER.decode(Records.of(line));
    assertEquals(0, batch.good().rows);
    return batch.bad().get(0).reason();
  }

  @Test
  void decodesNumericMembersAndRendersCarriedOnesAsText() {
    DecodedBatch batch =
        DECODER.decode(
            Records.of(
                "{\"id\": \"a\", \"x\": 1, \"y\": 2.5, \"region\": \"north\"}",
                "{\"x\": -3e2, \"y\": 0, \"id\": 17, \"region\": true}",
                "{\"x\": 1, \"y\": 1, \"id\": null}"));
    FeatureBatch good = batch.good();
    assertEquals(List.of(), batch.bad());
    assertEquals(3, good.rows);
    assertArrayEquals(new float[] {1, 2.5f, -300, 0, 1, 1}, Arrays.copyOf(good.features, 6));
    assertArrayEquals(new String[] {"a", "north"}, good.carried[0]);
    assertArrayEquals(new String[] {"17", "true"}, good.carried[1]);
    assertArrayEquals(new String[] {"", ""}, good.carried[2]);
    assertArrayEquals(new long[] {1, 2, 3}, good.lines);
  }

  @Test
  void namesEachReasonARecordIsBad() {
    assertEquals("feature 'y' is missing", reasonFor("{\"x\": 1}"));
    assertEquals("feature 'x' is not a number: \"1\"", reasonFor("{\"x\": \"1\", \"y\": 2}"));
    assertEquals("feature 'x' is not a number: null", reasonFor("{\"x\": null, \"y\": 2}"));
    assertEquals("feature 'y' is not a number: [1]", reasonFor("{\"x\": 1, \"y\": [1]}"));
    assertEquals("feature 'x' is not finite: 1.0E39", reasonFor("{\"x\": 1e39, \"y\": 2}"));
    assertEquals("not a JSON object: found array", reasonFor("[1, 2]"));
    assertEquals("not a JSON object: no JSON value", reasonFor("   "));
    assertTrue(
        reasonFor("{\"x\": 1,").startsWith("not a JSON object: Unexpected end-of-input"),
        reasonFor("{\"x\": 1,"));
    assertTrue(reasonFor("{\"x\": 1, \"y\": 2} tail").startsWith("not a JSON object: "));
    assertTrue(reasonFor("{\"x\": NaN, \"y\": 2}").startsWith("not a JSON object: "));
  }

  @Test
  void reportsOverlongRecordsWithTheirText() {
    RawRecord overlong = new RawRecord(ByteString.fromString("{\"x\": 1"), 4, 2, true);
    assertEquals(
        new BadRecord(4, 2, "record longer than max-line-length (7 bytes)", "{\"x\": 1"),
        DECODER.decode(List.of(overlong)).bad().get(0));
  }
}
