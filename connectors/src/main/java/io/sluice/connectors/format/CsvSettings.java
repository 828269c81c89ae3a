package io.sluice.connectors.format;

/**
 * How a CSV input is written: its delimiter and quote (ASCII bytes), whether its first record is a
 * header, and whether quoted fields may hold line breaks.
 */
public record CsvSettings(byte delimiter, byte quote, boolean header, boolean multiline) {

  public CsvSettings {
    requireAsciiSymbol("delimiter", delimiter);
    requireAsciiSymbol("quote", quote);
    if (delimiter == quote) {
      throw new IllegalArgumentException(
          "delimiter and quote must differ, both are '" + (char) delimiter + "'");
    }
  }

  /** Comma-separated, double-quoted, with a header, one record per line. */
  public static CsvSettings defaults() {
    return new CsvSettings((byte) ',', (byte) '"', true, false);
  }

  /** Line ends and non-ASCII bytes would make records ambiguous or split UTF-8 characters. */
  private static void requireAsciiSymbol(String what, byte value) {
    if (value < 0 || value == '\n' || value == '\r') {
      throw new IllegalArgumentException(
          what + " must be an ASCII character other than a line end, got byte " + (value & 0xFF));
    }
  }
}
