package io.sluice.connectors.format;

import static io.sluice.connectors.format.Streams.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reading a CSV header: the first non-blank record, split into names. */
class HeadersTest {
  private static ActorSystem system;
  private static Materializer materializer;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("HeadersTest");
    materializer = Materializer.matFromSystem(system);
  }

  @AfterAll
  static void stop() {
    TestKit.shutdownActorSystem(system);
  }

  /** The header read from a stream, checked to be what the bytes at hand give too. */
  private static List<String> header(String file, CsvSettings settings) throws Exception {
    byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
    List<String> streamed = await(Headers.firstRecord(Streams.chunked(bytes, 0, 2), settings, 1000, materializer));
    Optional<Header> atHand = Headers.headerIn(ByteString.fromArray(bytes), true, settings, 1000);
    assertEquals(Optional.of(streamed), atHand.map(Header::columns));
    return streamed;
  }

  @Test
  void bytesAtHandThatEndInsideTheHeaderAskForTheStream() throws Exception {
    ByteString start = ByteString.fromString("\n\nid,long_na");
    assertEquals(Optional.empty(), Headers.headerIn(start, false, CsvSettings.defaults(), 1000));
    assertEquals(Optional.empty(), Headers.headerIn(ByteString.fromString("\r\n"), false, CsvSettings.defaults(), 1000));
    assertEquals(Optional.of(new Header(List.of("id", "a"), 2)),
        Headers.headerIn(ByteString.fromString("\n\nid,a\n1,"), false, CsvSettings.defaults(), 1000));
    assertEquals(Optional.of(new Header(List.of("id", "long_na"), 2)), Headers.headerIn(start, true, CsvSettings.defaults(), 1000));
  }

  @Test
  void readsTheFirstNonBlankRecordWithoutItsByteOrderMark() throws Exception {
    assertEquals(
        List.of("id", "a b", "c,d"),
        header("\uFEFF\r\n\nid,a b,\"c,d\"\r\n1,2,3\n", CsvSettings.defaults()));
  }

  @Test
  void honoursQuotedLineBreaksInMultilineFiles() throws Exception {
    CsvSettings multiline = new CsvSettings((byte) ';', (byte) '"', true, true);
    assertEquals(List.of("id", "long\nname"), header("id;\"long\nname\"\n1;2\n", multiline));
  }

  @Test
  void givesNoNamesForAnEmptyFile() throws Exception {
    assertEquals(List.of(), header("", CsvSettings.defaults()));
    assertEquals(List.of(), header("\n\r\n", CsvSettings.defaults()));
  }

  @Test
  void readsNoFurtherThanTheHeader() throws Exception {
    Source<ByteString, ?> endless =
        Source.single(ByteString.fromString("x,y\n"))
            .concat(Source.repeat(ByteString.fromString("1,2\n")));
    assertEquals(
        List.of("x", "y"),
        await(Headers.firstRecord(endless, CsvSettings.defaults(), 1000, materializer)));
  }

  @Test
  void failsOnAMalformedHeader() {
    ExecutionException e =
        assertThrows(
            ExecutionException.class, () -> header("a,\"b\n1,2\n", CsvSettings.defaults()));
    assertInstanceOf(MalformedRecordException.class, e.getCause());
    assertEquals("unterminated quoted field (field 2)", e.getCause().getMessage());
    MalformedRecordException atHand = assertThrows(MalformedRecordException.class,
        () -> Headers.headerIn(ByteString.fromString("a,\"b\n1,2\n"), true, CsvSettings.defaults(), 1000));
    assertEquals("unterminated quoted field (field 2)", atHand.getMessage());
    assertThrows(MalformedRecordException.class,
        () -> Headers.headerIn(ByteString.fromString("a".repeat(20) + "\n"), true, CsvSettings.defaults(), 10));
  }
}
