package io.sluice.connectors.format;

/**
 * Finds the fields of a CSV record straight in its bytes when the record is ASCII without quotes,
 * the common record that needs neither UTF-8 decoding nor unquoting.
 */
final class AsciiCsvFields {
  /** What {@link #split} returns for a record that {@link CsvFields} must split. */
  static final int NOT_PLAIN = -1;

  private AsciiCsvFields() {}

  /**
   * Writes where each of the record's first {@code fieldEnds.length} fields ends and returns how
   * many fields the record has; {@link #NOT_PLAIN} when a byte is not ASCII or is a quote.
   */
  static int split(byte[] bytes, int length, byte delimiter, byte quote, int[] fieldEnds) {
    int fields = 0;
    for (int at = 0; at < length; at++) {
      byte b = bytes[at];
      if (b == delimiter) {
        if (fields < fieldEnds.length) fieldEnds[fields] = at;
        fields++;
      } else if (b < 0 || b == quote) {
        return NOT_PLAIN;
      }
    }
    if (fields < fieldEnds.length) fieldEnds[fields] = length;
    return fields + 1;
  }

  /** Where field {@code field} starts, one byte after the delimiter that ends the one before. */
  static int start(int[] fieldEnds, int field) {
    return field == 0 ? 0 : fieldEnds[field - 1] + 1;
  }
}
