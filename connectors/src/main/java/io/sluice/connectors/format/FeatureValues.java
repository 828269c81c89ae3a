package io.sluice.connectors.format;

/** Reads feature values from text and words the reasons a record is bad, alike for every format. */
final class FeatureValues {
  /**
   * Values quoted in a reason are cut to this many characters, so one huge cell cannot flood the
   * errors file.
   */
  private static final int MAX_QUOTED_CHARS = 100;

  private FeatureValues() {}

  /**
   * A decimal number, spaces around it allowed; Java's extras (a type suffix like {@code 1f},
   * hexadecimal like {@code 0x1p3}) are not numbers in a data file.
   */
  static float parse(String feature, String text) throws MalformedRecordException {
    String trimmed = trimSpaces(text);
    if (trimmed.isEmpty()) throw new MalformedRecordException("feature '" + feature + "' is empty");
    if (hasJavaOnlySyntax(trimmed) || hasControl(trimmed)) throw notANumber(feature, text);
    float value;
    try {
      value = Float.parseFloat(trimmed);
    } catch (NumberFormatException e) {
      throw notANumber(feature, text);
    }
    if (!Float.isFinite(value)) throw notFinite(feature, "'" + abbreviate(text) + "'");
    return value;
  }

  /** Float.parseFloat would quietly trim tabs, NULs and other controls; a data file means them. */
  private static boolean hasControl(String text) {
    for (int i = 0; i < text.length(); i++) if (text.charAt(i) <= ' ') return true;
    return false;
  }

  /** Only spaces around a number are allowed; String.trim() would also drop NUL and other controls. */
  private static String trimSpaces(String text) {
    int from = 0;
    int to = text.length();
    while (from < to && text.charAt(from) == ' ') from++;
    while (to > from && text.charAt(to - 1) == ' ') to--;
    return text.substring(from, to);
  }

  private static MalformedRecordException notANumber(String feature, String text) {
    return new MalformedRecordException(
        "feature '" + feature + "' is not a number: '" + abbreviate(text) + "'");
  }

  /**
   * The reason for a value too large for a float, or infinite or NaN; {@code shown} is how it
   * appeared.
   */
  static MalformedRecordException notFinite(String feature, String shown) {
    return new MalformedRecordException("feature '" + feature + "' is not finite: " + shown);
  }

  static String abbreviate(String text) {
    return text.length() <= MAX_QUOTED_CHARS ? text : text.substring(0, MAX_QUOTED_CHARS) + "...";
  }

  static String tooLong(RawRecord record) {
    return "record longer than max-line-length (" + record.bytes().size() + " bytes)";
  }

  private static boolean hasJavaOnlySyntax(String number) {
    char last = number.charAt(number.length() - 1);
    return "fFdD".indexOf(last) >= 0 || number.indexOf('x') >= 0 || number.indexOf('X') >= 0;
  }
}
