package io.sluice.connectors.format;

import static io.sluice.connectors.format.PartitionedRead.await;
import static io.sluice.connectors.format.PartitionedRead.chunked;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Feeds the CSV and JSON Lines readers thousands of generated hostile files, read in random splits
 * and micro-batches, and checks that every record comes out exactly once: good as written, or bad
 * with a reason at its line.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReaderFuzzTest {
  /** Each input's seed is printed on failure; {@code -Dsluice.fuzz.seed=N} tries other inputs. */
  private static final long BASE_SEED = Long.getLong("sluice.fuzz.seed", 20250611L);

  private static final int ONE_MIB = 1 << 20;

  private static ActorSystem system;
  private static Materializer materializer;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("ReaderFuzzTest");
    materializer = Materializer.matFromSystem(system);
  }

  @AfterAll
  static void stop() {
    TestKit.shutdownActorSystem(system);
  }

  @Test
  void csvFilesOfOneRecordPerLineLoseNoGoodRecordAndReportEveryBadLine() throws Exception {
    for (int i = 0; i < 1500; i++) checkCsv(seed(1, i), false);
  }

  @Test
  void csvFilesWithQuotedLineBreaksLoseNoGoodRecordAndReportEveryBadOne() throws Exception {
    for (int i = 0; i < 500; i++) checkCsv(seed(2, i), true);
  }

  @Test
  void jsonLinesFilesLoseNoGoodObjectAndReportEveryBadLine() throws Exception {
    for (int i = 0; i < 1000; i++) checkJsonLines(seed(3, i));
  }

  @Test
  void gzipBytesInACsvFileFailTheHeaderOrComeOutAsBadRecordsOnly() throws Exception {
    for (int i = 0; i < 100; i++) {
      long seed = seed(4, i);
      SplittableRandom random = new SplittableRandom(seed);
      GeneratedInput plain = CsvInputGenerator.generate(random, false);
      byte[] gzip = gzip(plain.bytes());
      CsvSettings csv = plain.csv();
      int max = plain.framing().maxRecordLength();
      String context = "seed " + seed + ", gzip of " + plain.description();

      CsvSettings withHeader = new CsvSettings(csv.delimiter(), csv.quote(), true, false);
      ExecutionException headerFailure =
          assertThrows(
              ExecutionException.class,
              () ->
                  await(
                      Headers.firstRecord(chunked(gzip, 0, random), withHeader, max, materializer)),
              context);
      assertInstanceOf(MalformedRecordException.class, headerFailure.getCause(), context);
      assertFalse(headerFailure.getCause().getMessage().isBlank(), context);

      boolean multiline = random.nextBoolean();
      CsvSettings withoutHeader = new CsvSettings(csv.delimiter(), csv.quote(), false, multiline);
      RecordDecoder decoder =
          CsvRecordDecoder.create(
              withoutHeader, null, new ColumnSelection(List.of("1", "0"), List.of("2")));
      checkAllBad(
          gzip,
          new FramingSettings(0, Long.MAX_VALUE, multiline, csv.quote(), max),
          decoder,
          random,
          context);
    }
  }

  @Test
  void gzipBytesInAJsonLinesFileComeOutAsBadRecordsOnly() throws Exception {
    for (int i = 0; i < 100; i++) {
      long seed = seed(5, i);
      SplittableRandom random = new SplittableRandom(seed);
      GeneratedInput plain = JsonLinesInputGenerator.generate(random);
      RecordDecoder decoder = JsonLinesDecoder.create(plain.columns());
      checkAllBad(
          gzip(plain.bytes()),
          plain.framing(),
          decoder,
          random,
          "seed " + seed + ", gzip of " + plain.description());
    }
  }

  @Test
  void aHundredMebibyteCsvLineIsOneBadRecordReadInBoundedMemory() throws Exception {
    HugeLineFile file = new HugeLineFile("id,x,y\nbig,", "\r\nafter,1.5,-2\n");
    List<DecodedBatch> batches = readWhole(file, true, csvDecoder());
    assertHugeLineBadAndNextRecordIntact(batches, 7, 2, 3);
  }

  @Test
  void aHundredMebibyteJsonLineIsOneBadRecordReadInBoundedMemory() throws Exception {
    HugeLineFile file =
        new HugeLineFile(
            "{\"id\": \"big\", \"x\": \"", "\"}\n{\"id\": \"after\", \"x\": 1.5, \"y\": -2}\n");
    RecordDecoder decoder =
        JsonLinesDecoder.create(new ColumnSelection(List.of("x", "y"), List.of("id")));
    assertHugeLineBadAndNextRecordIntact(readWhole(file, false, decoder), 0, 1, 2);
  }

  /**
   * The split the line starts in reads it to its end as one bad record; the next split skips the
   * rest of it and reads the record after it, at the right line.
   */
  @Test
  void aHundredMebibyteCsvLineCutBySplitsIsOneBadRecordOfTheSplitItStartsIn() throws Exception {
    HugeLineFile file = new HugeLineFile("id,x,y\nbig,", "\nafter,1.5,-2\n");
    long cut = file.lineEnd() / 2;
    FramingSettings first = new FramingSettings(0, cut, false, (byte) '"', ONE_MIB);
    FramingSettings second = new FramingSettings(cut, file.length(), false, (byte) '"', ONE_MIB);
    List<DecodedBatch> firstBatches =
        await(
            file.from(first.readOffset())
                .via(RecordFraming.flow(first))
                .drop(1)
                .grouped(16)
                .map(csvDecoder()::decode)
                .runWith(Sink.seq(), materializer));
    long linesBefore = await(LineCounting.linesBefore(file.from(0), cut, materializer));
    List<DecodedBatch> secondBatches =
        await(
            file.from(second.readOffset())
                .via(RecordFraming.flow(second))
                .grouped(16)
                .map(csvDecoder()::decode)
                .runWith(Sink.seq(), materializer));
    assertEquals(2, linesBefore);
    assertEquals(1, firstBatches.size());
    assertEquals(0, firstBatches.get(0).good().rows);
    assertEquals(List.of(7L), firstBatches.get(0).bad().stream().map(BadRecord::offset).toList());
    assertEquals(1, secondBatches.size());
    assertEquals(List.of(), secondBatches.get(0).bad());
    FeatureBatch after = secondBatches.get(0).good();
    assertEquals(1, after.rows);
    assertEquals(3, linesBefore + after.lines[0]);
    assertArrayEquals(new String[] {"after"}, after.carried[0]);
  }

  private static RecordDecoder csvDecoder() {
    return CsvRecordDecoder.create(
        CsvSettings.defaults(),
        List.of("id", "x", "y"),
        new ColumnSelection(List.of("x", "y"), List.of("id")));
  }

  /**
   * Reads the whole file as one split and checks that the framing held only a bounded part of the
   * line.
   */
  private static List<DecodedBatch> readWhole(
      HugeLineFile file, boolean dropHeader, RecordDecoder decoder) throws Exception {
    FramingSettings framing = new FramingSettings(0, Long.MAX_VALUE, false, (byte) '"', ONE_MIB);
    Source<RawRecord, ?> records = file.from(0).via(RecordFraming.flow(framing));
    if (dropHeader) records = records.drop(1);
    List<DecodedBatch> batches =
        await(records.grouped(16).map(decoder::decode).runWith(Sink.seq(), materializer));
    int reachable = file.reachableAtTheLastChunk();
    assertTrue(
        reachable >= 0 && reachable < HugeLineFile.REACHABLE_LIMIT,
        "chunks of the long line still reachable: " + reachable);
    return batches;
  }

  /** Distinct seeds for each test's inputs, the same on every run. */
  private static long seed(int test, int input) {
    return BASE_SEED + 1_000_000L * test + input;
  }

  private static void checkCsv(long seed, boolean multiline) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    GeneratedInput input = CsvInputGenerator.generate(random, multiline);
    String context = "seed " + seed + ", " + input.description();
    long[] cuts = PartitionedRead.randomCuts(input.bytes().length, input.splittable(), random);
    ReadOutcome outcome;
    try {
      List<String> header =
          input.hasHeader()
              ? await(
                  Headers.firstRecord(
                      chunked(input.bytes(), 0, random),
                      input.csv(),
                      input.framing().maxRecordLength(),
                      materializer))
              : null;
      RecordDecoder decoder = CsvRecordDecoder.create(input.csv(), header, input.columns());
      outcome =
          PartitionedRead.read(
              input.bytes(),
              cuts,
              input.framing(),
              input.hasHeader(),
              decoder,
              random,
              materializer);
    } catch (Exception e) {
      throw new AssertionError(describe(context, input.bytes(), cuts) + "\nreading failed", e);
    }
    assertReadAsWritten(input, cuts, outcome, context);
  }

  private static void checkJsonLines(long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    GeneratedInput input = JsonLinesInputGenerator.generate(random);
    String context = "seed " + seed + ", " + input.description();
    long[] cuts = PartitionedRead.randomCuts(input.bytes().length, true, random);
    ReadOutcome outcome;
    try {
      RecordDecoder decoder = JsonLinesDecoder.create(input.columns());
      outcome =
          PartitionedRead.read(
              input.bytes(), cuts, input.framing(), false, decoder, random, materializer);
    } catch (Exception e) {
      throw new AssertionError(describe(context, input.bytes(), cuts) + "\nreading failed", e);
    }
    assertReadAsWritten(input, cuts, outcome, context);
  }

  /**
   * Each record the generator wrote comes out exactly once at its line and offset: good ones with
   * their features bit for bit and their carried values, bad ones with a reason; nothing else comes
   * out, and the records in are the good plus the bad.
   */
  private static void assertReadAsWritten(
      GeneratedInput input, long[] cuts, ReadOutcome outcome, String context) {
    Supplier<String> where = () -> describe(context, input.bytes(), cuts);
    assertEquals(outcome.recordsIn(), outcome.good().size() + outcome.bad().size(), where);
    Map<Long, Object> byLine = readByLine(outcome, where);
    for (ExpectedRecord expected : input.records()) {
      Object read = byLine.remove(expected.line());
      Supplier<String> about =
          () ->
              where.get()
                  + "\n"
                  + expected.what()
                  + " at line "
                  + expected.line()
                  + ": "
                  + escaped(input.bytes(), (int) expected.offset(), 400)
                  + "\nread as "
                  + read;
      assertNotNull(read, () -> about.get() + " was lost");
      switch (expected.outcome()) {
        case GOOD -> {
          ReadOutcome.Good good = assertInstanceOf(ReadOutcome.Good.class, read, about);
          assertEquals(expected.offset(), good.offset(), about);
          assertArrayEquals(bits(expected.features()), bits(good.features()), about);
          assertArrayEquals(expected.carried(), good.carried(), about);
        }
        case BAD -> {
          ReadOutcome.Bad bad = assertInstanceOf(ReadOutcome.Bad.class, read, about);
          assertEquals(expected.offset(), bad.record().offset(), about);
          assertFalse(bad.record().reason().isBlank(), about);
          assertTrue(bad.record().reason().startsWith(expected.reasonPrefix()), about);
        }
        case EITHER -> {
          long offset =
              read instanceof ReadOutcome.Good good
                  ? good.offset()
                  : ((ReadOutcome.Bad) read).record().offset();
          assertEquals(expected.offset(), offset, about);
        }
      }
    }
    assertTrue(byLine.isEmpty(), () -> where.get() + "\nread but never written: " + byLine);
  }

  /** The good and bad records by line, each in file order and no line twice. */
  private static Map<Long, Object> readByLine(ReadOutcome outcome, Supplier<String> where) {
    Map<Long, Object> byLine = new HashMap<>();
    long previous = 0;
    for (ReadOutcome.Good good : outcome.good()) {
      assertTrue(good.line() > previous, () -> where.get() + "\ngood rows out of order");
      previous = good.line();
      byLine.put(good.line(), good);
    }
    previous = 0;
    for (ReadOutcome.Bad bad : outcome.bad()) {
      assertTrue(bad.line() > previous, () -> where.get() + "\nbad records out of order");
      previous = bad.line();
      Object both = byLine.put(bad.line(), bad);
      assertTrue(both == null, () -> where.get() + "\nline " + bad.line() + " read twice");
    }
    return byLine;
  }

  /**
   * Binary junk holds no good record: whatever it frames into comes out bad, with the lines and
   * offsets of plain line framing when records are lines.
   */
  private static void checkAllBad(
      byte[] file,
      FramingSettings framing,
      RecordDecoder decoder,
      SplittableRandom random,
      String context)
      throws Exception {
    long[] cuts = PartitionedRead.randomCuts(file.length, !framing.quoteAware(), random);
    Supplier<String> where = () -> describe(context, file, cuts);
    ReadOutcome outcome;
    try {
      outcome = PartitionedRead.read(file, cuts, framing, false, decoder, random, materializer);
    } catch (Exception e) {
      throw new AssertionError(where.get() + "\nreading failed", e);
    }
    assertEquals(List.of(), outcome.good(), where);
    assertEquals(outcome.recordsIn(), outcome.bad().size(), where);
    for (ReadOutcome.Bad bad : outcome.bad()) assertFalse(bad.record().reason().isBlank(), where);
    if (framing.quoteAware()) return;
    List<Pair<Long, Long>> expected = new ArrayList<>();
    for (RawRecord record : ReferenceFraming.records(file, framing.maxRecordLength())) {
      expected.add(Pair.create(record.line(), record.offset()));
    }
    List<Pair<Long, Long>> actual = new ArrayList<>();
    for (ReadOutcome.Bad bad : outcome.bad()) {
      actual.add(Pair.create(bad.line(), bad.record().offset()));
    }
    assertEquals(expected, actual, where);
  }

  private static void assertHugeLineBadAndNextRecordIntact(
      List<DecodedBatch> batches, long hugeOffset, long hugeLine, long nextLine) {
    List<BadRecord> bad = new ArrayList<>();
    List<FeatureBatch> good = new ArrayList<>();
    for (DecodedBatch batch : batches) {
      bad.addAll(batch.bad());
      if (batch.good().rows > 0) good.add(batch.good());
    }
    assertEquals(1, bad.size(), () -> "bad records: " + bad);
    BadRecord huge = bad.get(0);
    assertEquals(hugeOffset, huge.offset());
    assertEquals(hugeLine, huge.line());
    assertEquals("record longer than max-line-length (" + ONE_MIB + " bytes)", huge.reason());
    assertTrue(huge.text().length() <= 1024, "the bad record keeps at most 1 KiB of its text");
    assertEquals(1, good.size());
    FeatureBatch next = good.get(0);
    assertEquals(1, next.rows);
    assertEquals(nextLine, next.lines[0]);
    assertArrayEquals(bits(new float[] {1.5f, -2f}), bits(Arrays.copyOf(next.features, 2)));
    assertArrayEquals(new String[] {"after"}, next.carried[0]);
  }

  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) bits[i] = Float.floatToRawIntBits(values[i]);
    return bits;
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  /** The input's seed, generator choices and splits, and the file with non-ASCII bytes escaped. */
  private static String describe(String context, byte[] file, long[] cuts) {
    return context
        + "\nsplits at "
        + Arrays.toString(cuts)
        + "\nfile ("
        + file.length
        + " bytes):\n"
        + escaped(file, 0, 6000);
  }

  /** Up to {@code max} bytes of {@code file} from {@code from}, line ends shown, bytes escaped. */
  private static String escaped(byte[] file, int from, int max) {
    StringBuilder text = new StringBuilder();
    for (int i = from; i < file.length && i < from + max; i++) {
      int b = file[i] & 0xFF;
      if (b == '\n') text.append("\\n\n");
      else if (b == '\r') text.append("\\r");
      else if (b == '\\') text.append("\\\\");
      else if (b >= 0x20 && b < 0x7F) text.append((char) b);
      else text.append(String.format("\\x%02X", b));
    }
    return text.toString();
  }
}
