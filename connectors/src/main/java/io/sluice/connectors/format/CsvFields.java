package io.sluice.connectors.format;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * Splits one CSV record into its fields, RFC 4180 style: a field may be quoted, and a quoted field
 * may hold delimiters, doubled quotes and line breaks. A quote inside an unquoted field is an
 * ordinary character ({@code 37°36'37.8"N} stays as written), as Python's csv module, pandas and
 * Spark read it.
 */
public final class CsvFields {
  private CsvFields() {}

  /**
   * The record's fields as text.
   *
   * @param record one record without its line end, UTF-8
   * @throws MalformedRecordException for invalid UTF-8, an unterminated quoted field, text after a
   *     closing quote
   */
  public static List<String> split(ByteString record, byte delimiter, byte quote)
      throws MalformedRecordException {
    return split(record, delimiter, quote, false);
  }

  /**
   * Splits a record read with {@code settings}. With {@code multiline = true} the framing takes
   * every quote as opening or closing a quoted section (it cannot tell a field's start from the
   * middle of one across chunks), so a quote inside an unquoted field stays an error there rather
   * than a record whose line breaks were taken for quoted ones.
   */
  public static List<String> split(ByteString record, CsvSettings settings) throws MalformedRecordException {
    return split(record, settings.delimiter(), settings.quote(), settings.multiline());
  }

  private static List<String> split(ByteString record, byte delimiter, byte quote, boolean strayQuoteIsError)
      throws MalformedRecordException {
    String text = Utf8.strict(record);
    char delim = (char) delimiter;
    char quoteChar = (char) quote;
    List<String> fields = new ArrayList<>();
    int at = 0;
    while (true) {
      int fieldNumber = fields.size() + 1;
      if (at < text.length() && text.charAt(at) == quoteChar) {
        StringBuilder field = new StringBuilder();
        at = readQuoted(text, at + 1, quoteChar, field, fieldNumber);
        fields.add(field.toString());
        if (at < text.length() && text.charAt(at) != delim) {
          throw new MalformedRecordException(
              "unexpected character after closing quote (field "
                  + fieldNumber
                  + ", character "
                  + (at + 1)
                  + ")");
        }
      } else {
        int end = text.indexOf(delim, at);
        if (end < 0) end = text.length();
        int strayQuote = strayQuoteIsError ? text.indexOf(quoteChar, at) : -1;
        if (strayQuote >= 0 && strayQuote < end) {
          throw new MalformedRecordException(
              "quote inside an unquoted field (field "
                  + fieldNumber
                  + ", character "
                  + (strayQuote + 1)
                  + "; with csv.multiline = true a quote may only open a field)");
        }
        fields.add(text.substring(at, end));
        at = end;
      }
      if (at == text.length()) return fields;
      at++;
    }
  }

  /**
   * Reads a quoted field's content from just after its opening quote; returns the index after the
   * closing quote.
   */
  private static int readQuoted(
      String text, int from, char quote, StringBuilder field, int fieldNumber)
      throws MalformedRecordException {
    int at = from;
    while (true) {
      int next = text.indexOf(quote, at);
      if (next < 0)
        throw new MalformedRecordException("unterminated quoted field (field " + fieldNumber + ")");
      field.append(text, at, next);
      boolean doubled = next + 1 < text.length() && text.charAt(next + 1) == quote;
      if (!doubled) return next + 1;
      field.append(quote);
      at = next + 2;
    }
  }
}
