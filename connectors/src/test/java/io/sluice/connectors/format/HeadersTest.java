package io.sluice.connectors.format;

import static io.sluice.connectors.format.Streams.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
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

  private static List<String> header(String file, CsvSettings settings) throws Exception {
    byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
    return await(Headers.firstRecord(Streams.chunked(bytes, 0, 2), settings, 1000, materializer));
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
  }
}
