package io.sluice.engine.schedule;

import java.util.List;
import java.util.Locale;

/** One of the five crontab(5) fields, parsing its text into a bit set of the values it allows. */
enum CronField {
  MINUTE("minute", 0, 59, List.of()),
  HOUR("hour", 0, 23, List.of()),
  DAY_OF_MONTH("day-of-month", 1, 31, List.of()),
  MONTH("month", 1, 12, List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
  // 7 is accepted as a second Sunday and folded onto 0 after parsing.
  DAY_OF_WEEK("day-of-week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));

  private static final int MAX_DIGITS = 9;

  private final String label;
  private final int min;
  private final int max;
  private final List<String> names;

  CronField(String label, int min, int max, List<String> names) {
    this.label = label;
    this.min = min;
    this.max = max;
    this.names = names;
  }

  /** The field's name as used in crontab(5) and in error messages. */
  String label() {
    return label;
  }

  /** Bit i of the result is set when value i is allowed; throws IllegalArgumentException naming this field. */
  long parse(String text) {
    long allowed = 0;
    for (String element : text.split(",", -1)) allowed |= parseElement(element);
    if (this == DAY_OF_WEEK && (allowed & (1L << 7)) != 0) allowed = (allowed & ~(1L << 7)) | 1L;
    return allowed;
  }

  private long parseElement(String element) {
    if (element.isEmpty()) throw problem("empty list element");
    int slash = element.indexOf('/');
    String range = slash < 0 ? element : element.substring(0, slash);
    int step = slash < 0 ? 1 : parseStep(element.substring(slash + 1));
    int first;
    int last;
    if (range.equals("*")) {
      first = min;
      last = max;
    } else if (range.indexOf('-') >= 0) {
      int dash = range.indexOf('-');
      first = parseValue(range.substring(0, dash));
      last = parseValue(range.substring(dash + 1));
      if (first > last) throw problem("range " + range + " is reversed");
    } else {
      first = parseValue(range);
      // "a/n" means every n-th value from a up to the field's maximum.
      last = slash < 0 ? first : max;
    }
    long bits = 0;
    for (int value = first; value <= last; value += step) bits |= 1L << value;
    return bits;
  }

  private int parseStep(String text) {
    if (!isDigits(text)) throw problem("step '" + text + "' is not a number");
    if (text.length() > MAX_DIGITS || Integer.parseInt(text) == 0) throw problem("step " + text + " must be 1 or more");
    return Integer.parseInt(text);
  }

  private int parseValue(String text) {
    int nameIndex = names.indexOf(text.toUpperCase(Locale.ROOT));
    if (nameIndex >= 0) return min + nameIndex;
    if (!isDigits(text)) throw problem("'" + text + "' is not a number" + nameHint());
    String outside = text + " is outside " + min + "-" + max;
    if (text.length() > MAX_DIGITS) throw problem(outside);
    int value = Integer.parseInt(text);
    if (value < min || value > max) throw problem(outside);
    return value;
  }

  private String nameHint() {
    return names.isEmpty() ? "" : " or a name " + names.get(0) + "-" + names.get(names.size() - 1);
  }

  private static boolean isDigits(String text) {
    return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private IllegalArgumentException problem(String description) {
    return new IllegalArgumentException(label + ": " + description);
  }
}
