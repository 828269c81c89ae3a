package io.sluice.connectors.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Splitting one CSV record into fields, well-formed and malformed. */
class CsvFieldsTest {

  private static List<String> split(String record) throws MalformedRecordException {
    return CsvFields.split(ByteString.fromString(record), (byte) ',', (byte) '"');
  }

  private static String failure(String record) {
    return assertThrows(MalformedRecordException.class, () -> split(record)).getMessage();
  }

  @Test
  void splitsPlainFields() throws Exception {
    assertEquals(List.of("a", "b c", "1.5"), split("a,b c,1.5"));
    assertEquals(List.of("only"), split("only"));
  }

  @Test
  void keepsDelimitersDoubledQuotesAndLineBreaksInsideQuotes() throws Exception {
    assertEquals(
        List.of("a,b", "say \"hi\"", "x\r\ny", ""),
        split("\"a,b\",\"say \"\"hi\"\"\",\"x\r\ny\",\"\""));
  }

  @Test
  void aQuoteInsideAnUnquotedFieldIsAnOrdinaryCharacter() throws Exception {
    // As Python's csv module, pandas and Spark read these (contract §3).
    assertEquals(List.of("37°36'37.8\"N", "x"), split("37°36'37.8\"N,x"));
    assertEquals(List.of("a", "b\"c"), split("a,b\"c"));
    assertEquals(List.of(" \"a\"", "5 \" screen"), split(" \"a\",5 \" screen"));
  }

  @Test
  void withMultilineAQuoteMayOnlyOpenAField() {
    CsvSettings multiline = new CsvSettings((byte) ',', (byte) '"', false, true);
    MalformedRecordException e = assertThrows(MalformedRecordException.class,
        () -> CsvFields.split(ByteString.fromString("a,b\"c"), multiline));
    assertEquals("quote inside an unquoted field (field 2, character 4; with csv.multiline = true a quote may only open a field)",
        e.getMessage());
  }

  @Test
  void keepsEmptyFieldsIncludingATrailingOne() throws Exception {
    assertEquals(List.of("", "", ""), split(",,"));
    assertEquals(List.of("a", ""), split("a,"));
    assertEquals(List.of("a", ""), split("\"a\","));
    assertEquals(List.of(""), split(""));
  }

  @Test
  void readsUtf8() throws Exception {
    assertEquals(List.of("é", "€", "日本"), split("é,\"€\",日本"));
  }

  @Test
  void honoursOtherDelimitersAndQuotes() throws Exception {
    assertEquals(
        List.of("a;b", "it's", "c"),
        CsvFields.split(ByteString.fromString("'a;b';'it''s';c"), (byte) ';', (byte) '\''));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'\"abc'                | unterminated quoted field (field 1)",
        "'a,\"b\"\"'            | unterminated quoted field (field 2)",
        "'\"ab\"c,d'            | unexpected character after closing quote (field 1, character 5)",
        "'a,\"b\" ,c'           | unexpected character after closing quote (field 2, character 6)",
      })
  void rejectsMalformedQuoting(String record, String reason) {
    assertEquals(reason, failure(record));
  }

  @Test
  void rejectsInvalidUtf8() {
    ByteString record =
        ByteString.fromString("ab,").concat(ByteString.fromArray(new byte[] {(byte) 0xC3, 'x'}));
    MalformedRecordException e =
        assertThrows(
            MalformedRecordException.class, () -> CsvFields.split(record, (byte) ',', (byte) '"'));
    assertEquals("not valid UTF-8 (at byte 4)", e.getMessage());
  }
}
