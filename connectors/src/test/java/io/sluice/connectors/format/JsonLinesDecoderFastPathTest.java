package io.sluice.connectors.format;

import static io.sluice.connectors.format.SameBatch.assertSameBatch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/**
 * The JSON Lines decoder's byte-level fast path decodes exactly as Jackson alone does, for records it takes and
 * records it hands on.
 */
class JsonLinesDecoderFastPathTest {
  private static final ColumnSelection COLUMNS =
      new ColumnSelection(List.of("a", "b", "c", "a"), List.of("id", "note"));
  /** A feature carried too: Jackson renders its number as text, so such records leave the fast path. */
  private static final ColumnSelection OVERLAPPING =
      new ColumnSelection(List.of("a", "b", "c"), List.of("c", "note"));

  /** Records the fast path takes, and records that must go through Jackson, side by side. */
  private static final List<String> LINES =
      List.of(
          "{\"id\":\"r1\",\"a\":-0.123456,\"b\":0.5,\"note\":\"plain\",\"c\":\"x\"}",
          "{\"a\": 1, \"b\": 2, \"c\": 3}",
          " {\"c\":1e-11 , \"b\":1E+11,\"a\":0.1234567890123,\"extra\":[1,{\"x\":2}]} \r",
          "{\"a\":-0,\"b\":-0.0,\"c\":0,\"note\":null,\"id\":true}",
          "{\"a\":16777217,\"b\":9007199254740993,\"c\":123456789012345678901234}",
          "{\"a\":1,\"b\":2,\"c\":3,\"a\":4,\"note\":\"first\",\"note\":\"second\"}",
          "{\"a\":1,\"b\":2,\"c\":\"3\",\"c\":3}",
          "{\"a\":1,\"b\":2,\"c\":3,\"c\":\"3\"}",
          "{\"a\":1,\"b\":2,\"c\":3,\"id\":17,\"note\":1.50}",
          "{\"a\":1,\"b\":2,\"c\":3,\"note\":\"tab\\there\",\"id\":\"caf\\u00e9\"}",
          "{\"a\":1,\"b\":2,\"c\":3,\"note\":\"naïve\"}",
          "{\"a\":01,\"b\":2,\"c\":3}",
          "{\"a\":.5,\"b\":5.,\"c\":+7}",
          "{\"a\":1e39,\"b\":2,\"c\":3}",
          "{\"a\":1e400,\"b\":-1e-400,\"c\":4.9e-324}",
          "{\"a\":NaN,\"b\":2,\"c\":3}",
          "{\"a\":1,\"b\":2}",
          "{\"a\":1,\"b\":2,\"c\":3} {}",
          "{\"a\":1,\"b\":2,\"c\":3,}",
          "{\"a\":1 \"b\":2,\"c\":3}",
          "{\"a\":1,\"b\":2,\"c\":3,\"x\":tru}",
          "{\"a\":1,\"b\":2,\"c\":3,\"x\":falsey}",
          "{\"a\":1,\"b\":true,\"c\":3}",
          "{\"a\":1,\"b\":null,\"c\":3}",
          "{\"a\":1,\"b\":2,\"c\":3,\"note\":\"ctrl\u0001\"}",
          "[1,2]",
          "{}",
          "",
          "   ",
          "{\"a\":2.5e-3,\"b\":-7.25E2,\"c\":1e22,\"id\":\"\",\"note\":\"\"}",
          "{\"a\":1,\"b\":2,\"c\":3,\"unused\":" + "9".repeat(1001) + "}",
          "{\"a\":1,\"b\":2,\"c\":3,\"note\":\"" + "x".repeat(5000) + "\"}");

  @Test
  void walksOnlyPlainObjectsInTheirBytes() {
    assertTrue(walk("{\"k\": \"v\", \"n\": -1.5e3, \"t\": true, \"f\": false, \"z\": null}"));
    assertTrue(walk(" { } "));
    assertFalse(walk("{\"k\": \"v\\n\"}"), "an escape");
    assertFalse(walk("{\"k\": [1]}"), "nesting");
    assertFalse(walk("{\"k\": 1} x"), "a trailing token");
    assertFalse(walk("{\"k\": 1"), "no closing brace");
    assertFalse(walk("{\"k\": 1e}"), "an exponent without digits");
    assertFalse(walk("{\"k\": \"é\"}"), "a byte that is not ASCII");
  }

  private static boolean walk(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return AsciiJsonMembers.walk(bytes, bytes.length, (keyFrom, keyTo, kind, valueFrom, valueTo) -> true);
  }

  @Test
  void takesPlainRecordsOnTheFastPath() {
    JsonLinesDecoder decoder = JsonLinesDecoder.create(COLUMNS);
    DecodedBatchBuilder batch = new DecodedBatchBuilder(1, 4);
    for (String line : List.of(
        "{\"id\":\"r1\",\"a\":-0.123456,\"b\":0.5,\"note\":\"plain\",\"c\":1}",
        " { \"a\" : -0 , \"b\":-0.0,\"c\":0,\"note\":null,\"id\":true,\"x\":false } ",
        "{\"a\":1,\"b\":2,\"c\":3,\"a\":4,\"note\":\"first\",\"note\":\"second\",\"other\":1e400}")) {
      assertNotNull(decoder.decodePlainInto(batch, ByteString.fromString(line)), line);
    }
    assertNull(decoder.decodePlainInto(batch, ByteString.fromString("{\"a\":1,\"b\":2,\"c\":3,\"id\":7}")),
        "a number carried as text is Jackson's to render");
  }

  @Test
  void decodesLikeJacksonAlone() {
    List<RawRecord> records = Records.of(LINES.toArray(String[]::new));
    DecodedBatch expected = JsonLinesDecoder.withoutFastPath(COLUMNS).decode(records);
    assertSameBatch(expected, JsonLinesDecoder.create(COLUMNS).decode(records));
    assertTrue(expected.good().rows >= 8, "the list holds good records too: " + expected.good().rows);
  }

  @Test
  void decodesAFeatureCarriedTooLikeJacksonAlone() {
    List<RawRecord> records = Records.of(LINES.toArray(String[]::new));
    DecodedBatch expected = JsonLinesDecoder.withoutFastPath(OVERLAPPING).decode(records);
    assertSameBatch(expected, JsonLinesDecoder.create(OVERLAPPING).decode(records));
  }

  @Test
  void rewritesTheFeaturesOfARecordThatLeftTheFastPathHalfWay() {
    DecodedBatch batch =
        JsonLinesDecoder.create(COLUMNS).decode(
            Records.of("{\"a\":1,\"b\":2,\"c\":3}", "{\"a\":4,\"b\":5,\"c\":[6]}", "{\"a\":7,\"b\":8,\"c\":9}"));
    assertEquals(2, batch.good().rows);
    assertArrayEquals(new float[] {1, 2, 3, 1, 7, 8, 9, 7}, Arrays.copyOf(batch.good().features, 8));
    assertEquals("feature 'c' is not a number: [6]", batch.bad().get(0).reason());
  }

  @Test
  void decodesRandomRecordsLikeJacksonAlone() {
    SplittableRandom random = new SplittableRandom(11);
    int plain = 0;
    for (int round = 0; round < 200; round++) {
      RecordDecoder fast = round % 2 == 0 ? JsonLinesDecoder.create(COLUMNS) : JsonLinesDecoder.create(OVERLAPPING);
      RecordDecoder jackson =
          round % 2 == 0 ? JsonLinesDecoder.withoutFastPath(COLUMNS) : JsonLinesDecoder.withoutFastPath(OVERLAPPING);
      List<RawRecord> records = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        ByteString bytes = ByteString.fromString(randomLine(random));
        records.add(new RawRecord(bytes, i * 100L, i + 1, random.nextInt(50) == 0));
      }
      assertSameBatch(jackson.decode(records), fast.decode(records));
      for (RawRecord record : records) {
        plain += ((JsonLinesDecoder) fast).decodePlainInto(new DecodedBatchBuilder(1, 4), record.bytes()) != null ? 1 : 0;
      }
    }
    // Half the rounds carry a feature as text, which always leaves the fast path; odd values leave it too.
    assertTrue(plain > 800, "records on the fast path: " + plain + " of 10,000");
  }

  private static String randomLine(SplittableRandom random) {
    String[] names = {"a", "b", "c", "id", "note", "other"};
    String[] odd = {
      "\"6\"", "null", "true", "false", "[1]", "{\"x\":1}", "\"é\"", "\"a\\\"b\"", "-0", "-0.0", "1e39", "01",
      ".5", "1.", "123456789012345678901", "0.30000000000000004", "4.9e-324", "1e-46", "3.4028235e38", "tru"
    };
    List<String> members = new ArrayList<>();
    for (String name : List.of("a", "b", "c", "id", "note")) {
      if (random.nextInt(20) != 0) members.add(member(random, name, odd));
    }
    for (int extra = random.nextInt(3); extra > 0; extra--) {
      members.add(member(random, names[random.nextInt(names.length)], odd));
    }
    java.util.Collections.shuffle(members, new java.util.Random(random.nextLong()));
    String space = random.nextInt(4) == 0 ? " " : "";
    String line = "{" + space + String.join("," + space, members) + space + "}";
    return random.nextInt(40) == 0 ? line.substring(0, random.nextInt(line.length())) : line;
  }

  private static String member(SplittableRandom random, String name, String[] odd) {
    String value;
    // Carried members are mostly text, features mostly numbers: most records then take the fast path.
    boolean text = name.equals("id") || name.equals("note");
    int shape = random.nextInt(10);
    if (shape == 0) value = odd[random.nextInt(odd.length)];
    else if (shape == 1 || (text && shape > 2)) value = "\"" + (char) ('a' + random.nextInt(26)) + random.nextInt(1000) + "\"";
    else if (shape == 2) value = Integer.toString(random.nextInt(-100_000, 100_000));
    else if (shape == 3) value = Float.toString((float) random.nextDouble(-1e6, 1e6));
    else if (shape == 4) value = random.nextInt(1, 999_999) + "e" + random.nextInt(-30, 30);
    else value = random.nextInt(-100_000, 100_000) + "." + random.nextInt(1_000_000);
    return "\"" + name + "\":" + value;
  }
}
