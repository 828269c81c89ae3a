package io.sluice.connectors.format;

import static io.sluice.connectors.format.Streams.await;
import static io.sluice.connectors.format.Streams.randomlyChunked;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.connectors.csv.javadsl.CsvParsing;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Holds record framing plus field splitting against Pekko Connectors' CSV parser on generated
 * well-formed files.
 */
class CsvFieldsAgainstPekkoCsvTest {
  private static final String[] PIECES = {
    "a", "Z", "1", ".", " ", ",", "\"", "é", "€", "\\", "'", "\t"
  };

  /**
   * Pekko's parser has an escape byte besides the quote; one that is never generated keeps RFC 4180
   * rules.
   */
  private static final byte NO_ESCAPE = 0;

  private static ActorSystem system;
  private static Materializer materializer;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("CsvFieldsAgainstPekkoCsvTest");
    materializer = Materializer.matFromSystem(system);
  }

  @AfterAll
  static void stop() {
    TestKit.shutdownActorSystem(system);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void bothReadersGiveTheSameFields(boolean multiline) throws Exception {
    Random random = new Random(multiline ? 7 : 11);
    for (int round = 0; round < 200; round++) {
      byte[] file = randomCsv(random, multiline);
      assertEquals(
          pekkoFields(file),
          ourFields(file, multiline, random),
          () -> new String(file, StandardCharsets.UTF_8));
    }
  }

  private static List<List<String>> ourFields(byte[] file, boolean multiline, Random random)
      throws Exception {
    FramingSettings wholeFile =
        new FramingSettings(0, Long.MAX_VALUE, multiline, (byte) '"', 1 << 20);
    List<RawRecord> records =
        await(
            randomlyChunked(file, 0, 16, random)
                .via(RecordFraming.flow(wholeFile))
                .runWith(Sink.seq(), materializer));
    List<List<String>> fields = new ArrayList<>();
    for (RawRecord record : records)
      fields.add(CsvFields.split(record.bytes(), (byte) ',', (byte) '"'));
    return fields;
  }

  /**
   * Pekko's parser looks for a byte-order mark only in its first chunk, so it gets the file whole.
   */
  private static List<List<String>> pekkoFields(byte[] file) throws Exception {
    var lines =
        await(
            Source.single(ByteString.fromArray(file))
                .via(
                    CsvParsing.lineScanner(
                        CsvParsing.COMMA, CsvParsing.DOUBLE_QUOTE, NO_ESCAPE, 1 << 20))
                .runWith(Sink.seq(), materializer));
    List<List<String>> fields = new ArrayList<>();
    for (var line : lines) fields.add(line.stream().map(ByteString::utf8String).toList());
    return fields;
  }

  /** Records of two or more fields (so none is blank), LF or CRLF line ends, sometimes a BOM. */
  private static byte[] randomCsv(Random random, boolean multiline) {
    StringBuilder csv = new StringBuilder(random.nextInt(4) == 0 ? "\uFEFF" : "");
    int records = 1 + random.nextInt(8);
    for (int r = 0; r < records; r++) {
      int fields = 2 + random.nextInt(5);
      for (int f = 0; f < fields; f++) {
        if (f > 0) csv.append(',');
        appendField(csv, randomValue(random, multiline), random);
      }
      if (r < records - 1 || random.nextBoolean()) csv.append(random.nextBoolean() ? "\n" : "\r\n");
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String randomValue(Random random, boolean multiline) {
    StringBuilder value = new StringBuilder();
    int length = random.nextInt(8);
    for (int i = 0; i < length; i++) {
      if (multiline && random.nextInt(8) == 0) {
        value.append(random.nextBoolean() ? "\n" : "\r\n");
      } else {
        value.append(PIECES[random.nextInt(PIECES.length)]);
      }
    }
    return value.toString();
  }

  private static void appendField(StringBuilder csv, String value, Random random) {
    boolean mustQuote =
        value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
    if (mustQuote || random.nextInt(4) == 0) {
      csv.append('"').append(value.replace("\"", "\"\"")).append('"');
    } else {
      csv.append(value);
    }
  }
}
