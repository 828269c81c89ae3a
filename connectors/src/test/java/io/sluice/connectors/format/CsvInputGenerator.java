package io.sluice.connectors.format;

import static io.sluice.connectors.format.FuzzFileBuilder.utf8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes random CSV files that mix well-formed records with hostile lines, knowing what reading
 * each record must give.
 */
final class CsvInputGenerator {
  private static final List<String> COLUMNS = List.of("id", "f_a", "f_b", "f_c", "note", "extra");
  private static final List<String> FEATURE_COLUMNS = List.of("f_a", "f_b", "f_c");
  private static final List<String> TEXT_COLUMNS = List.of("id", "note");
  private static final byte[] DELIMITERS = {',', ';', '\t', '|'};
  private static final byte[] QUOTES = {'"', '\''};
  private static final String[] PIECES = {
    "a", "Z", "7", " ", ".", "-", "é", "日本", "😀", "\u0000", "\\", "\r"
  };
  private static final String[] LINE_BREAKS = {"\n", "\r\n"};
  private static final String[] HOSTILE_PIECES = {
    "1", "2.5", "e", "-", ".", " ", "x", "\u0000", "\r", "é", "😀", "NaN", "\t"
  };
  private static final String[] NOT_NUMBERS = {
    "", " ", "abc", "NaN", "Infinity", "-Infinity", "+Infinity", "1e39", "-3.5e38", "1f", "2D",
    "0x1p3", "1,5", "1;5", "1.2.3", "--1", "1e", ".", "e5", "\u0661\u0662", "1 2", "1\u00002",
    "1_000", "\u00001\u0000x"
  };

  private final SplittableRandom random;
  private final CsvSettings settings;
  private final String delimiter;
  private final String quote;
  private final List<String> columns;
  private final List<String> features;
  private final List<String> carried;
  private final ColumnSelection selection;

  /** Fields a record must have to be good: the header's width, or the columns used. */
  private final int fieldsNeededAtLeast;

  private final FuzzFileBuilder file;
  private int serial;

  /** A well-formed record: its values in file column order and which are quoted. */
  private record Row(String[] values, boolean[] quoted, float[] features, String[] carried) {}

  private CsvInputGenerator(SplittableRandom random, boolean multiline) {
    this.random = random;
    byte delimiterByte = DELIMITERS[random.nextInt(DELIMITERS.length)];
    byte quoteByte = QUOTES[random.nextInt(QUOTES.length)];
    this.settings = new CsvSettings(delimiterByte, quoteByte, random.nextBoolean(), multiline);
    this.delimiter = String.valueOf((char) delimiterByte);
    this.quote = String.valueOf((char) quoteByte);
    this.columns = shuffled(COLUMNS);
    this.features = shuffled(FEATURE_COLUMNS).subList(0, 1 + random.nextInt(3));
    this.carried = shuffled(TEXT_COLUMNS).subList(0, random.nextInt(3));
    this.selection = new ColumnSelection(namesInFile(features), namesInFile(carried));
    int highest = 0;
    for (String column : features) highest = Math.max(highest, columns.indexOf(column));
    for (String column : carried) highest = Math.max(highest, columns.indexOf(column));
    this.fieldsNeededAtLeast = settings.header() ? COLUMNS.size() : highest + 1;
    this.file = new FuzzFileBuilder(random, 300 + random.nextInt(700), random.nextInt(4) == 0);
  }

  /**
   * A CSV file of up to 40 lines. With {@code multiline}, quoted fields hold line breaks, hostile
   * lines hold no quotes (an unbalanced one would run to the end of the file), and sometimes the
   * file ends in one record with an unbalanced quote that takes in the rest of the file.
   */
  static GeneratedInput generate(SplittableRandom random, boolean multiline) {
    return new CsvInputGenerator(random, multiline).generate();
  }

  private GeneratedInput generate() {
    if (settings.header()) writeHeader();
    int lines = random.nextInt(41);
    for (int i = 0; i < lines; i++) {
      int dice = random.nextInt(100);
      if (dice < 45) {
        writeGood(goodRow(settings.multiline()), "well-formed record");
      } else if (dice < 53) {
        file.blank();
      } else {
        writeHostile();
      }
    }
    if (settings.multiline() && random.nextInt(4) == 0) writeSwallowingTail();
    FramingSettings framing =
        new FramingSettings(
            0, Long.MAX_VALUE, settings.multiline(), settings.quote(), file.maxRecordLength());
    String description =
        String.format(
            "CSV delimiter=%s quote=%s header=%s multiline=%s columns=%s selection=%s max=%d",
            printable(delimiter),
            quote,
            settings.header(),
            settings.multiline(),
            columns,
            selection,
            file.maxRecordLength());
    return new GeneratedInput(
        description, file.build(), file.records(), framing, settings, selection);
  }

  /**
   * The header is the file's first line: a job drops the first record of the split at offset 0,
   * which is not the header when blank lines before it reach past that split's end.
   */
  private void writeHeader() {
    List<String> fields = new ArrayList<>();
    for (String column : columns) fields.add(random.nextInt(4) == 0 ? quoted(column) : column);
    file.header(utf8(String.join(delimiter, fields)));
  }

  private void writeGood(Row row, String what) {
    file.good(utf8(join(row)), row.features(), row.carried(), what);
  }

  private void writeHostile() {
    switch (random.nextInt(11)) {
      case 0 -> {
        Row row = goodRow(settings.multiline());
        byte[] invalid = FuzzValues.pick(random, FuzzValues.INVALID_UTF8);
        file.bad(
            FuzzValues.insertAtRandom(utf8(join(row)), invalid, random),
            "not valid UTF-8",
            "invalid UTF-8");
      }
      case 1 -> {
        byte avoid = settings.multiline() ? settings.quote() : (byte) '\n';
        file.either(FuzzValues.lineOfBytes(random, 120, avoid), "random bytes");
      }
      case 2 -> file.either(utf8(randomText()), "random text");
      case 3 -> writeWithNotANumber();
      case 4 -> writeTooFewFields();
      case 5 -> writeTooManyFields();
      case 6 -> writeNearTheMaximumLength();
      case 7 -> file.bad(utf8("\u0000".repeat(1 + random.nextInt(5))), "", "NUL bytes");
      case 8 -> file.bad(utf8(" ".repeat(1 + random.nextInt(3))), "", "spaces only");
      default -> {
        if (settings.multiline()) {
          writeWithNotANumber();
        } else {
          // A quote inside an unquoted field is an ordinary character (contract §3); one that
          // opens a field, or lands inside a quoted one, leaves the record malformed.
          file.either(utf8(withStrayQuote(goodRow(false))), "a stray quote");
        }
      }
    }
  }

  private void writeWithNotANumber() {
    Row row = goodRow(settings.multiline());
    int feature = random.nextInt(features.size());
    row.values()[columns.indexOf(features.get(feature))] = FuzzValues.pick(random, NOT_NUMBERS);
    String name = selection.features().get(feature);
    file.bad(utf8(join(row)), "feature '" + name + "' is ", "feature not a finite number");
  }

  private void writeTooFewFields() {
    if (fieldsNeededAtLeast <= 1) {
      writeWithNotANumber();
      return;
    }
    List<String> fields = encoded(goodRow(settings.multiline()));
    String content =
        String.join(delimiter, fields.subList(0, 1 + random.nextInt(fieldsNeededAtLeast - 1)));
    file.bad(utf8(content.isEmpty() ? "?" : content), "expected ", "too few fields");
  }

  /** Extra fields make a record bad only where a header fixes the width. */
  private void writeTooManyFields() {
    Row row = goodRow(settings.multiline());
    List<String> fields = encoded(row);
    int extra = 1 + random.nextInt(3);
    for (int i = 0; i < extra; i++) fields.add(random.nextBoolean() ? "" : "more" + i);
    byte[] content = utf8(String.join(delimiter, fields));
    if (settings.header()) {
      file.bad(content, "expected " + COLUMNS.size() + " fields", "too many fields");
    } else {
      file.good(content, row.features(), row.carried(), "extra fields without header");
    }
  }

  /** Exactly the maximum length is still good; a byte more is bad. */
  private void writeNearTheMaximumLength() {
    Row row = goodRow(settings.multiline());
    int length = utf8(join(row)).length;
    int max = file.maxRecordLength();
    int target =
        switch (random.nextInt(3)) {
          case 0 -> max;
          case 1 -> max + 1;
          default -> max + 2 + random.nextInt(3 * max);
        };
    int note = columns.indexOf("note");
    row.values()[note] = row.values()[note] + "p".repeat(Math.max(0, target - length));
    String[] carriedValues = carriedValues(row.values());
    file.good(utf8(join(row)), row.features(), carriedValues, "padded to " + target + " bytes");
  }

  /**
   * The rest of the file belongs to a record whose quote never closes. The records after it hold no
   * line breaks: one inside their quotes would stand outside them, the quotes being off by one, and
   * end the record there.
   */
  private void writeSwallowingTail() {
    file.swallowingRecord(utf8(withStrayQuote(goodRow(false))), "unbalanced quote up to the end");
    int more = random.nextInt(4);
    for (int i = 0; i < more; i++) {
      if (random.nextBoolean()) file.blank();
      else writeGood(goodRow(false), "swallowed record");
    }
  }

  /** One quote more makes the count odd, which no well-formed record has. */
  private String withStrayQuote(Row row) {
    String content = join(row);
    int at = random.nextInt(content.length() + 1);
    if (at < content.length() && Character.isLowSurrogate(content.charAt(at))) at--;
    return content.substring(0, at) + quote + content.substring(at);
  }

  private String randomText() {
    String[] pieces = Arrays.copyOf(HOSTILE_PIECES, HOSTILE_PIECES.length + 2);
    pieces[pieces.length - 2] = delimiter;
    pieces[pieces.length - 1] = settings.multiline() ? delimiter : quote;
    String text = FuzzValues.text(random, pieces, 30);
    if (text.isEmpty() || text.endsWith("\r")) text += "x";
    return text;
  }

  private Row goodRow(boolean lineBreaks) {
    String[] pieces = PIECES;
    if (lineBreaks) {
      pieces = Arrays.copyOf(PIECES, PIECES.length + 2);
      pieces[pieces.length - 2] = FuzzValues.pick(random, LINE_BREAKS);
      pieces[pieces.length - 1] = quote + delimiter;
    } else {
      pieces = Arrays.copyOf(PIECES, PIECES.length + 1);
      pieces[pieces.length - 1] = quote + delimiter;
    }
    String[] values = new String[columns.size()];
    boolean[] quoted = new boolean[columns.size()];
    float[] featureValues = new float[features.size()];
    for (int column = 0; column < values.length; column++) {
      String name = columns.get(column);
      int feature = features.indexOf(name);
      if (name.equals("id")) {
        values[column] = "r" + serial++ + FuzzValues.text(random, pieces, 5);
      } else if (name.startsWith("f_")) {
        FuzzValues.Number number = FuzzValues.number(random);
        String padding = random.nextInt(5) == 0 ? " " : "";
        values[column] = padding + number.text() + padding;
        if (feature >= 0) featureValues[feature] = number.value();
      } else {
        values[column] = FuzzValues.text(random, pieces, 8);
      }
      quoted[column] = needsQuotes(values[column]) || random.nextInt(5) == 0;
    }
    return new Row(values, quoted, featureValues, carriedValues(values));
  }

  private String[] carriedValues(String[] values) {
    String[] result = new String[carried.size()];
    for (int i = 0; i < result.length; i++) result[i] = values[columns.indexOf(carried.get(i))];
    return result;
  }

  private boolean needsQuotes(String value) {
    return value.contains(delimiter)
        || value.contains(quote)
        || value.contains("\r")
        || value.contains("\n");
  }

  private String join(Row row) {
    return String.join(delimiter, encoded(row));
  }

  /**
   * The row's fields as written; a value changed since the row was made is quoted if it must be.
   */
  private List<String> encoded(Row row) {
    List<String> fields = new ArrayList<>();
    for (int i = 0; i < row.values().length; i++) {
      String value = row.values()[i];
      fields.add(row.quoted()[i] || needsQuotes(value) ? quoted(value) : value);
    }
    return fields;
  }

  private String quoted(String value) {
    return quote + value.replace(quote, quote + quote) + quote;
  }

  /** How the decoder names a column: by header name, or by 0-based index without a header. */
  private List<String> namesInFile(List<String> names) {
    if (settings.header()) return names;
    List<String> indices = new ArrayList<>();
    for (String name : names) {
      String index = Integer.toString(columns.indexOf(name));
      indices.add(random.nextInt(4) == 0 ? " " + index + " " : index);
    }
    return indices;
  }

  private List<String> shuffled(List<String> items) {
    List<String> copy = new ArrayList<>(items);
    for (int i = copy.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      String swap = copy.get(i);
      copy.set(i, copy.get(j));
      copy.set(j, swap);
    }
    return copy;
  }

  private static String printable(String text) {
    return text.equals("\t") ? "\\t" : text;
  }
}
