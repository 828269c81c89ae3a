package io.sluice.connectors.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/** Decoding CSV records: column resolution by header or index, and every bad-record reason. */
class CsvRecordDecoderTest {
  private static final List<String> HEADER =
      List.of("id", "sepal_length", "sepal_width", "region", "species", "note");
  private static final ColumnSelection IRIS =
      new ColumnSelection(List.of("sepal_length", "sepal_width"), List.of("id", "region"));
  private static final CsvSettings WITH_HEADER = CsvSettings.defaults();
  private static final CsvSettings WITHOUT_HEADER =
      new CsvSettings((byte) ',', (byte) '"', false, false);

  private static DecodedBatch decode(String... lines) {
    return CsvRecordDecoder.create(WITH_HEADER, HEADER, IRIS).decode(Records.of(lines));
  }

  private static String reasonFor(String line) {
    DecodedBatch batch = decode(line);
    assertEquals(0, batch.good().rows);
    return batch.bad().get(0).reason();
  }

  @Test
  void decodesGoodRowsInOrderWithCarriedColumnsAndPositions() {
    DecodedBatch batch =
        decode(
            "a1,5.1,3.5,north,setosa,x",
            "a2, 4.9 ,3,\"south, east\",setosa,",
            "a3,-1e3,+.5,west,v,");
    FeatureBatch good = batch.good();
    assertEquals(List.of(), batch.bad());
    assertEquals(3, good.rows);
    assertEquals(2, good.width);
    assertArrayEquals(
        new float[] {5.1f, 3.5f, 4.9f, 3f, -1000f, 0.5f}, Arrays.copyOf(good.features, 6));
    assertArrayEquals(new String[] {"a2", "south, east"}, good.carried[1]);
    assertArrayEquals(new long[] {1, 2, 3}, good.lines);
    assertEquals(0, good.offsets[0]);
  }

  @Test
  void keepsGoodRowsApartFromBadOnes() {
    DecodedBatch batch = decode("a1,1,2,n,s,x", "a2,1,wilted,n,s,x", "a3,3,4,n,s,x");
    assertEquals(2, batch.good().rows);
    assertArrayEquals(new String[] {"a3", "n"}, batch.good().carried[1]);
    assertArrayEquals(new float[] {1, 2, 3, 4}, Arrays.copyOf(batch.good().features, 4));
    assertArrayEquals(new long[] {1, 3}, batch.good().lines);
    BadRecord bad = batch.bad().get(0);
    assertEquals(
        new BadRecord(
            13, 2, "feature 'sepal_width' is not a number: 'wilted'", "a2,1,wilted,n,s,x"),
        bad);
  }

  @Test
  void namesEachReasonARecordIsBad() {
    assertEquals("expected 6 fields, found 5", reasonFor("a,1,2,n,s"));
    assertEquals("expected 6 fields, found 7", reasonFor("a,1,2,n,s,x,y"));
    assertEquals("feature 'sepal_width' is empty", reasonFor("a,1,  ,n,s,x"));
    assertEquals("feature 'sepal_length' is not a number: 'wilted'", reasonFor("a,wilted,2,n,s,x"));
    assertEquals("feature 'sepal_length' is not finite: 'NaN'", reasonFor("a,NaN,2,n,s,x"));
    assertEquals(
        "feature 'sepal_length' is not finite: '-Infinity'", reasonFor("a,-Infinity,2,n,s,x"));
    assertEquals("feature 'sepal_length' is not finite: '1e39'", reasonFor("a,1e39,2,n,s,x"));
    assertEquals("feature 'sepal_length' is not a number: '1f'", reasonFor("a,1f,2,n,s,x"));
    assertEquals("feature 'sepal_length' is not a number: '2D'", reasonFor("a,2D,2,n,s,x"));
    assertEquals("feature 'sepal_length' is not a number: '0x1p3'", reasonFor("a,0x1p3,2,n,s,x"));
    assertEquals("feature 'sepal_length' is not a number: '1,5'", reasonFor("a,\"1,5\",2,n,s,x"));
    assertEquals("unterminated quoted field (field 4)", reasonFor("a,1,2,\"n,s,x"));
  }

  @Test
  void reportsInvalidUtf8AndOverlongRecords() {
    RawRecord invalid =
        new RawRecord(ByteString.fromArray(new byte[] {'a', ',', (byte) 0xFF}), 7, 2, false);
    RawRecord overlong = new RawRecord(ByteString.fromString("a,1,2"), 20, 3, true);
    DecodedBatch batch =
        CsvRecordDecoder.create(WITH_HEADER, HEADER, IRIS).decode(List.of(invalid, overlong));
    assertEquals("not valid UTF-8 (at byte 3)", batch.bad().get(0).reason());
    assertEquals(
        new BadRecord(20, 3, "record longer than max-line-length (5 bytes)", "a,1,2"),
        batch.bad().get(1));
  }

  @Test
  void keepsAtMostOneKibibyteOfABadRecordCutOnACharacter() {
    String line = "x".repeat(1023) + "é" + "y".repeat(100);
    String text = decode(line).bad().get(0).text();
    assertEquals("x".repeat(1023), text);
    assertTrue(text.getBytes(StandardCharsets.UTF_8).length <= 1024);
  }

  @Test
  void resolvesColumnsByIndexWithoutAHeader() {
    ColumnSelection byIndex = new ColumnSelection(List.of("2", "1"), List.of("0"));
    RecordDecoder decoder = CsvRecordDecoder.create(WITHOUT_HEADER, null, byIndex);
    DecodedBatch batch = decoder.decode(Records.of("a,1,2", "b,3,4,extra", "c,5"));
    assertEquals(2, batch.good().rows);
    assertArrayEquals(new float[] {2, 1, 4, 3}, Arrays.copyOf(batch.good().features, 4));
    assertArrayEquals(new String[] {"b"}, batch.good().carried[1]);
    assertEquals("expected at least 3 fields, found 2", batch.bad().get(0).reason());
  }

  @Test
  void refusesColumnsItCannotFind() {
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CsvRecordDecoder.create(
                    WITH_HEADER,
                    List.of("a", "b"),
                    new ColumnSelection(List.of("a", "petal_width"), List.of())));
    assertEquals("column 'petal_width' is not in the header [a, b]", missing.getMessage());
    IllegalArgumentException carried =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CsvRecordDecoder.create(
                    WITH_HEADER,
                    List.of("a", "b"),
                    new ColumnSelection(List.of("a"), List.of("id"))));
    assertEquals("column 'id' is not in the header [a, b]", carried.getMessage());
    IllegalArgumentException notIndex =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CsvRecordDecoder.create(
                    WITHOUT_HEADER, null, new ColumnSelection(List.of("x"), List.of())));
    assertEquals(
        "'x' is not a column index (a CSV without header names columns by 0-based index)",
        notIndex.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            CsvRecordDecoder.create(
                WITHOUT_HEADER, null, new ColumnSelection(List.of("-1"), List.of())));
  }
}
