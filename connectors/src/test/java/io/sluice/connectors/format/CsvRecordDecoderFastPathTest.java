package io.sluice.connectors.format;

import static io.sluice.connectors.format.SameBatch.assertSameBatch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/**
 * The decoder's byte-level fast path decodes exactly as the text path alone would, for records it
 * takes and records it hands on.
 */
class CsvRecordDecoderFastPathTest {
  private static final List<String> HEADER = List.of("id", "a", "b", "note", "c");
  private static final ColumnSelection BY_NAME =
      new ColumnSelection(List.of("a", "b", "c", "a"), List.of("id", "note"));
  private static final ColumnSelection BY_INDEX =
      new ColumnSelection(List.of("1", "2", "4", "1"), List.of("0", "3"));
  private static final CsvSettings WITH_HEADER = CsvSettings.defaults();
  private static final CsvSettings WITHOUT_HEADER =
      new CsvSettings((byte) ';', (byte) '\'', false, false);

  /** Records the fast path takes, and records that must go the text path, side by side. */
  private static final List<String> LINES =
      List.of(
          "r1,-0.123456,0.5,plain note,-1.0E-4",
          "r2,1,2,\"quoted, note\",3",
          "r3,1.5, 2.5,note,3",
          "r4,7,NaN,note,8",
          "r5,1f,2,note,3",
          "r6,1,2,note",
          "r7,1,2,note,3,extra",
          "é8,1,2,note,3",
          "r9,1,2,naïve,3",
          "r10,0.123456789,1e11,note,1e-11",
          "r11,16777217,-0,note,1e39",
          "r12,,2,note,3",
          "r13,1,2,note,\"3\"",
          "r14,1,2,no\"te,3",
          "r15,1,2,,0x1p3",
          "r16,-.5,5.,+7e+3,007",
          "",
          ",,,,",
          "r19,1\t,2,note,3",
          "r20,1,2,note,3");

  @Test
  void splitsOnlyPlainRecordsInTheirBytes() {
    int[] fieldEnds = new int[3];
    assertEquals(4, splitBytes("r1,-0.5,,x", fieldEnds));
    assertArrayEquals(new int[] {2, 7, 8}, fieldEnds);
    assertEquals(8, AsciiCsvFields.start(fieldEnds, 2));
    assertEquals(1, splitBytes("", fieldEnds));
    assertEquals(AsciiCsvFields.NOT_PLAIN, splitBytes("r1,\"x\"", fieldEnds));
    assertEquals(AsciiCsvFields.NOT_PLAIN, splitBytes("é,1", fieldEnds));
  }

  private static int splitBytes(String line, int[] fieldEnds) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return AsciiCsvFields.split(bytes, bytes.length, (byte) ',', (byte) '"', fieldEnds);
  }

  @Test
  void decodesLikeTheTextPathWithAHeader() {
    RecordDecoder decoder = CsvRecordDecoder.create(WITH_HEADER, HEADER, BY_NAME);
    List<RawRecord> records = Records.of(LINES.toArray(String[]::new));
    assertSameBatch(textPath(WITH_HEADER, BY_NAME, records), decoder.decode(records));
  }

  @Test
  void decodesLikeTheTextPathWithoutAHeader() {
    RecordDecoder decoder = CsvRecordDecoder.create(WITHOUT_HEADER, null, BY_INDEX);
    List<RawRecord> records =
        Records.of(LINES.stream().map(line -> semicolons(line)).toArray(String[]::new));
    assertSameBatch(textPath(WITHOUT_HEADER, BY_INDEX, records), decoder.decode(records));
  }

  @Test
  void rewritesTheFeaturesOfARecordThatLeftTheFastPathHalfWay() {
    RecordDecoder decoder = CsvRecordDecoder.create(WITH_HEADER, HEADER, BY_NAME);
    DecodedBatch batch =
        decoder.decode(
            Records.of("r1,1,2,n,3", "r2,4, 5 ,n,6", "r3,7,NaN,n,9", "r4,10,11,n,12"));
    assertEquals(3, batch.good().rows);
    assertArrayEquals(
        new float[] {1, 2, 3, 1, 4, 5, 6, 4, 10, 11, 12, 10},
        Arrays.copyOf(batch.good().features, 12));
    assertEquals(
        List.of(new BadRecord(24, 3, "feature 'b' is not finite: 'NaN'", "r3,7,NaN,n,9")),
        batch.bad());
  }

  @Test
  void decodesRandomRecordsLikeTheTextPath() {
    SplittableRandom random = new SplittableRandom(7);
    RecordDecoder decoder = CsvRecordDecoder.create(WITH_HEADER, HEADER, BY_NAME);
    for (int round = 0; round < 200; round++) {
      List<RawRecord> records = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        ByteString bytes = ByteString.fromString(randomLine(random));
        records.add(new RawRecord(bytes, i * 100L, i + 1, random.nextInt(50) == 0));
      }
      assertSameBatch(textPath(WITH_HEADER, BY_NAME, records), decoder.decode(records));
    }
  }

  private static String randomLine(SplittableRandom random) {
    String[] shapes = {
      "0.5", "-0.123456", "-1.0E-4", "12", "", " 3", "4 ", "NaN", "1f", "0x10", "1e39", "\"6\"",
      "é", "1.2.3", "-", "123456789", "1e-12", "x"
    };
    int fields = random.nextInt(10) == 0 ? random.nextInt(3, 8) : HEADER.size();
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields; i++) {
      if (i > 0) line.append(',');
      if (random.nextInt(8) == 0) {
        line.append(shapes[random.nextInt(shapes.length)]);
      } else {
        line.append(random.nextInt(-100_000, 100_000)).append('.').append(random.nextInt(1000));
      }
    }
    return line.toString();
  }

  private static String semicolons(String line) {
    return line.replace(',', ';').replace('"', '\'');
  }

  /** What the decoder gave before it had a fast path: every record split as text. */
  private static DecodedBatch textPath(
      CsvSettings settings, ColumnSelection columns, List<RawRecord> records) {
    List<String> featureNames = columns.features();
    int[] featureColumns = settings.header() ? indicesIn(featureNames) : indices(featureNames);
    int[] carriedColumns =
        settings.header() ? indicesIn(columns.carried()) : indices(columns.carried());
    int minimumFields =
        Math.max(
            Arrays.stream(featureColumns).max().orElse(-1),
            Arrays.stream(carriedColumns).max().orElse(-1))
            + 1;
    DecodedBatchBuilder batch = new DecodedBatchBuilder(records.size(), featureColumns.length);
    for (RawRecord record : records) {
      try {
        if (record.truncated()) throw new MalformedRecordException(FeatureValues.tooLong(record));
        List<String> fields =
            CsvFields.split(record.bytes(), settings.delimiter(), settings.quote());
        if (settings.header() && fields.size() != HEADER.size()) {
          throw new MalformedRecordException(
              "expected " + HEADER.size() + " fields, found " + fields.size());
        }
        if (fields.size() < minimumFields) {
          throw new MalformedRecordException(
              "expected at least " + minimumFields + " fields, found " + fields.size());
        }
        for (int i = 0; i < featureColumns.length; i++) {
          batch.feature(i, FeatureValues.parse(featureNames.get(i), fields.get(featureColumns[i])));
        }
        String[] carried = new String[carriedColumns.length];
        for (int i = 0; i < carried.length; i++) carried[i] = fields.get(carriedColumns[i]);
        batch.accept(record, carried);
      } catch (MalformedRecordException e) {
        batch.reject(record, e.getMessage());
      }
    }
    return batch.build();
  }

  private static int[] indicesIn(List<String> names) {
    return names.stream().mapToInt(HEADER::indexOf).toArray();
  }

  private static int[] indices(List<String> names) {
    return names.stream().mapToInt(Integer::parseInt).toArray();
  }
}
