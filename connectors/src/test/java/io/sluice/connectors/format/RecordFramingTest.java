package io.sluice.connectors.format;

import static io.sluice.connectors.format.Streams.await;
import static io.sluice.connectors.format.Streams.chunked;
import static io.sluice.connectors.format.Streams.randomlyChunked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Record framing: line ends, byte-order marks, blank lines, chunking, quoted line breaks,
 * truncation, and splits that together read every record exactly once.
 */
class RecordFramingTest {
  private static final int MAX = 1000;
  private static final String[] LINE_PIECES = {"a", "b", ",", "\r", " ", "é"};
  private static ActorSystem system;
  private static Materializer materializer;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("RecordFramingTest");
    materializer = Materializer.matFromSystem(system);
  }

  @AfterAll
  static void stop() {
    TestKit.shutdownActorSystem(system);
  }

  /** A record written as text, offset and line, for readable assertions. */
  private record Seen(String text, long offset, long line, boolean truncated) {
    static Seen of(RawRecord record) {
      return new Seen(
          record.bytes().utf8String(), record.offset(), record.line(), record.truncated());
    }

    static Seen at(String text, long offset, long line) {
      return new Seen(text, offset, line, false);
    }
  }

  private static FramingSettings wholeFile(int maxLength) {
    return new FramingSettings(0, Long.MAX_VALUE, false, (byte) '"', maxLength);
  }

  private static FramingSettings multiline() {
    return new FramingSettings(0, Long.MAX_VALUE, true, (byte) '"', MAX);
  }

  private static List<Seen> frame(byte[] bytes, FramingSettings settings, int chunkSize)
      throws Exception {
    List<RawRecord> records =
        await(
            chunked(bytes, (int) settings.readOffset(), chunkSize)
                .via(RecordFraming.flow(settings))
                .runWith(Sink.seq(), materializer));
    return records.stream().map(Seen::of).toList();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 65536})
  void cutsLinesEndingInLfOrCrLf(int chunkSize) throws Exception {
    assertEquals(
        List.of(Seen.at("a,b", 0, 1), Seen.at("c,d", 5, 2), Seen.at("e", 9, 3)),
        frame(utf8("a,b\r\nc,d\ne\r\n"), wholeFile(MAX), chunkSize));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4, 65536})
  void skipsAByteOrderMarkOnlyAtTheStart(int chunkSize) throws Exception {
    assertEquals(
        List.of(Seen.at("x", 3, 1), Seen.at("\uFEFFy", 5, 2)),
        frame(utf8("\uFEFFx\n\uFEFFy\n"), wholeFile(MAX), chunkSize));
    assertEquals(List.of(), frame(utf8("\uFEFF\r\n"), wholeFile(MAX), chunkSize));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 65536})
  void countsBlankLinesWithoutEmittingThem(int chunkSize) throws Exception {
    assertEquals(
        List.of(Seen.at("a", 0, 1), Seen.at(" ", 5, 4), Seen.at("b", 8, 6)),
        frame(utf8("a\n\n\r\n \n\nb\n\n"), wholeFile(MAX), chunkSize));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 65536})
  void emitsALastLineWithoutLineEnd(int chunkSize) throws Exception {
    assertEquals(
        List.of(Seen.at("a", 0, 1), Seen.at("bc", 2, 2)),
        frame(utf8("a\nbc"), wholeFile(MAX), chunkSize));
    assertEquals(
        List.of(Seen.at("a", 0, 1), Seen.at("bc", 2, 2)),
        frame(utf8("a\nbc\r"), wholeFile(MAX), chunkSize));
  }

  @Test
  void readsARecordSpanningManyChunks() throws Exception {
    String longLine = "x".repeat(500);
    assertEquals(
        List.of(Seen.at("a", 0, 1), Seen.at(longLine, 2, 2), Seen.at("b", 504, 3)),
        frame(utf8("a\n" + longLine + "\r\nb"), wholeFile(MAX), 7));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 65536})
  void keepsQuotedLineBreaksInMultilineMode(int chunkSize) throws Exception {
    String file = "a,\"x\ny\",b\r\nc,\"he said \"\"hi\"\"\r\n ok\"\nd\n";
    assertEquals(
        List.of(
            Seen.at("a,\"x\ny\",b", 0, 1),
            Seen.at("c,\"he said \"\"hi\"\"\r\n ok\"", 11, 3),
            Seen.at("d", 35, 5)),
        frame(utf8(file), multiline(), chunkSize));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 65536})
  void runsAnUnterminatedQuoteToTheEndOfTheFile(int chunkSize) throws Exception {
    assertEquals(
        List.of(Seen.at("a", 0, 1), Seen.at("\"b\nc\n", 2, 2)),
        frame(utf8("a\n\"b\nc\n"), multiline(), chunkSize));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 65536})
  void truncatesOverlongRecordsAndKeepsTheNextOneIntact(int chunkSize) throws Exception {
    assertEquals(
        List.of(
            new Seen("abcde", 0, 1, true),
            Seen.at("xy", 11, 2),
            Seen.at("12345", 14, 3),
            new Seen("abcde", 21, 4, true)),
        frame(utf8("abcdefghij\nxy\n12345\r\nabcdef\r\n"), wholeFile(5), chunkSize));
    assertEquals(
        List.of(Seen.at("abcde", 3, 1)), frame(utf8("\uFEFFabcde\n"), wholeFile(5), chunkSize));
  }

  @Test
  void stopsReadingOnceTheSplitEnds() throws Exception {
    Source<ByteString, ?> endless = Source.repeat(ByteString.fromString("abc\n"));
    List<RawRecord> records =
        await(
            endless
                .via(RecordFraming.flow(new FramingSettings(0, 10, false, (byte) '"', MAX)))
                .runWith(Sink.seq(), materializer));
    assertEquals(List.of(0L, 4L, 8L), records.stream().map(RawRecord::offset).toList());
  }

  @Test
  void countsLinesBeforeASplitReadingOnlyWhatItNeeds() throws Exception {
    Source<ByteString, ?> endless = Source.repeat(ByteString.fromString("x\n"));
    assertEquals(6L, await(LineCounting.linesBefore(endless, 11, materializer)));
    assertEquals(0L, await(LineCounting.linesBefore(endless, 0, materializer)));
    assertEquals(1L, await(LineCounting.linesBefore(endless, 1, materializer)));
  }

  @Test
  void splitsStartingAtALineStartMidLineAtACarriageReturnOrAtOffsetOneLoseAndRepeatNothing()
      throws Exception {
    byte[] file = utf8("\uFEFFid,a\r\nfirst,1\r\n\r\nsecond,2\nthird,3");
    int lineStart = 9; // "first"
    int midLine = 20; // inside "second"
    int carriageReturn = 16; // the '\r' ending "first,1"
    for (int cut : new int[] {1, 2, 3, lineStart, carriageReturn, carriageReturn + 1, midLine}) {
      assertSplitsAgree(file, new long[] {0, cut, file.length}, new Random(cut), MAX);
    }
  }

  @Test
  void randomSplitsOfRandomFilesTogetherGiveExactlyTheWholeFilesRecords() throws Exception {
    Random random = new Random(20240611);
    for (int round = 0; round < 300; round++) {
      byte[] file = randomFile(random);
      TreeSet<Long> cuts = new TreeSet<>(List.of(0L, (long) file.length));
      int splits = 1 + random.nextInt(6);
      for (int i = 0; i < splits && file.length > 0; i++)
        cuts.add((long) random.nextInt(file.length));
      assertSplitsAgree(file, cuts.stream().mapToLong(Long::longValue).toArray(), random, 12);
    }
  }

  /** The records of all splits, with lines made absolute, must be the whole file's records. */
  private static void assertSplitsAgree(byte[] file, long[] cuts, Random random, int maxLength)
      throws Exception {
    List<Seen> expected = ReferenceFraming.records(file, maxLength).stream().map(Seen::of).toList();
    List<Seen> actual = new ArrayList<>();
    for (int i = 0; i + 1 < cuts.length; i++) {
      FramingSettings split =
          new FramingSettings(cuts[i], cuts[i + 1], false, (byte) '"', maxLength);
      long linesBefore =
          await(
              LineCounting.linesBefore(randomlyChunked(file, 0, 9, random), cuts[i], materializer));
      List<RawRecord> records =
          await(
              randomlyChunked(file, (int) split.readOffset(), 9, random)
                  .via(RecordFraming.flow(split))
                  .runWith(Sink.seq(), materializer));
      for (RawRecord r : records) {
        actual.add(
            new Seen(r.bytes().utf8String(), r.offset(), linesBefore + r.line(), r.truncated()));
      }
    }
    assertEquals(
        expected,
        actual,
        () ->
            "splits at "
                + Arrays.toString(cuts)
                + " of "
                + new String(file, StandardCharsets.UTF_8));
  }

  private static byte[] randomFile(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (random.nextInt(5) == 0) out.writeBytes(utf8("\uFEFF"));
    int lines = random.nextInt(12);
    for (int line = 0; line < lines; line++) {
      int length = random.nextInt(5) == 0 ? 0 : random.nextInt(20);
      for (int i = 0; i < length; i++)
        out.writeBytes(utf8(LINE_PIECES[random.nextInt(LINE_PIECES.length)]));
      boolean last = line == lines - 1;
      if (!last || random.nextBoolean()) out.writeBytes(utf8(random.nextBoolean() ? "\n" : "\r\n"));
    }
    return out.toByteArray();
  }

  @Test
  void framingBytesAtHandGivesWhatTheStreamGivesForEverySplitAndMode() throws Exception {
    Random random = new Random(20261206);
    for (int round = 0; round < 300; round++) {
      byte[] file = round % 3 == 0 ? utf8("a,\"x\ny\",b\r\n" + new String(randomFile(random), StandardCharsets.UTF_8)) : randomFile(random);
      long start = file.length == 0 || random.nextBoolean() ? 0 : random.nextInt(file.length);
      long end = random.nextBoolean() ? Long.MAX_VALUE : start + random.nextInt(file.length + 1);
      FramingSettings split = new FramingSettings(start, end, round % 2 == 0, (byte) '"', 12);
      byte[] atHand = Arrays.copyOfRange(file, (int) split.readOffset(), file.length);
      List<Seen> streamed = frame(file, split, 1 + random.nextInt(9)).stream().toList();
      List<Seen> whole = RecordFraming.whole(ByteString.fromArray(atHand), split).stream().map(Seen::of).toList();
      assertEquals(streamed, whole, () -> split + " of " + new String(file, StandardCharsets.UTF_8));
    }
  }

  @Test
  void truncatedRecordsAreFlaggedInEverySplit() throws Exception {
    byte[] file = utf8("short\n" + "y".repeat(40) + "\nok\n");
    List<RawRecord> records = ReferenceFraming.records(file, 12);
    assertTrue(records.get(1).truncated());
    assertFalse(records.get(2).truncated());
    assertSplitsAgree(file, new long[] {0, 8, 30, file.length}, new Random(1), 12);
  }
}
