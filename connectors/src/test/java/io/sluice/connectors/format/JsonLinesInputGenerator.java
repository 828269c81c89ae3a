package io.sluice.connectors.format;

import static io.sluice.connectors.format.FuzzFileBuilder.utf8;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes random JSON Lines files that mix well-formed objects with hostile lines, knowing what
 * reading each record must give.
 */
final class JsonLinesInputGenerator {
  private static final List<String> FEATURES = List.of("x", "y", "z");
  private static final List<String> TEXT_MEMBERS = List.of("id", "tag");
  private static final String[] PIECES = {
    "a", "Z", "7", " ", ",", "\"", "\\", "/", "é", "日本", "😀", "\u0000", "\n", "\r", "\t", "\u001f",
    "\u2028", "{", "]"
  };
  private static final String[] HOSTILE_PIECES = {
    "{", "}", "[", "]", "\"", ":", ",", "1", "-", "e", "x", "y", "null", " ", "\u0000", "é", "\\"
  };
  private static final String[] NOT_NUMBERS = {
    "\"1.5\"",
    "null",
    "true",
    "[1]",
    "{}",
    "1e400",
    "-1e400",
    "1e39",
    "NaN",
    "Infinity",
    "-Infinity",
    "017",
    "+1",
    ".5",
    "1.",
    "0x10",
    "1e999999999",
    "\"\"",
    "[[[[1]]]]"
  };
  private static final String[] NOT_OBJECTS = {
    "[1, 2]",
    "17",
    "-0.5e3",
    "\"text\"",
    "true",
    "null",
    "[]",
    "[{\"x\": 1}]",
    "{}}",
    "}",
    "{\"x\": 1} {\"x\": 2}",
    "{\"x\": 1} tail",
    "// comment",
    "/* c */ {\"x\": 1}",
    "{'x': 1}",
    "{x: 1}",
    "{\"x\": 1,}",
    "\"\\ud800\"",
    "{\"x\" 1}"
  };

  /**
   * Bytes that are not UTF-8 wherever they stand: stray, out of range, with a bad next byte,
   * overlong, surrogates, beyond U+10FFFF, and 0xFF (which Jackson alone would take, in a member
   * name, for a name seen before). Lines are decoded strictly before Jackson sees them.
   */
  private static final byte[][] INVALID_UTF8 = {
    {(byte) 0xFF},
    {(byte) 0xC0, (byte) 0x80},
    {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
    {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
    {(byte) 0xFE},
    {(byte) 0x80},
    {(byte) 0xBF},
    {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
    {(byte) 0xC3, '('},
    {(byte) 0xE2, '(', (byte) 0xA1},
  };

  private final SplittableRandom random;
  private final List<String> features;
  private final List<String> carried;
  private final FuzzFileBuilder file;
  private int serial;

  /** A well-formed object's members and what decoding it must give. */
  private record Row(List<String> members, float[] features, String[] carried) {}

  private JsonLinesInputGenerator(SplittableRandom random) {
    this.random = random;
    List<String> shuffledFeatures = shuffled(FEATURES);
    this.features = shuffledFeatures.subList(0, 1 + random.nextInt(3));
    this.carried = shuffled(TEXT_MEMBERS).subList(0, random.nextInt(3));
    // Deep nesting needs long records, so some files allow them.
    int max = random.nextInt(3) == 0 ? 16384 : 200 + random.nextInt(800);
    this.file = new FuzzFileBuilder(random, max, random.nextInt(4) == 0);
  }

  /** A JSON Lines file of up to 40 lines. */
  static GeneratedInput generate(SplittableRandom random) {
    return new JsonLinesInputGenerator(random).generate();
  }

  private GeneratedInput generate() {
    int lines = random.nextInt(41);
    for (int i = 0; i < lines; i++) {
      int dice = random.nextInt(100);
      if (dice < 45) {
        Row row = goodRow();
        file.good(utf8(object(row.members())), row.features(), row.carried(), "well-formed object");
      } else if (dice < 53) {
        file.blank();
      } else {
        writeHostile();
      }
    }
    ColumnSelection selection = new ColumnSelection(features, carried);
    FramingSettings framing =
        new FramingSettings(0, Long.MAX_VALUE, false, (byte) '"', file.maxRecordLength());
    String description =
        String.format("JSONL selection=%s max=%d", selection, file.maxRecordLength());
    return new GeneratedInput(description, file.build(), file.records(), framing, null, selection);
  }

  private void writeHostile() {
    String notAnObject = "not a JSON object: ";
    switch (random.nextInt(12)) {
      case 0 -> {
        String object = object(goodRow().members());
        int cut = 1 + random.nextInt(object.length() - 1);
        if (Character.isLowSurrogate(object.charAt(cut))) cut--;
        String prefix = object.substring(0, cut);
        if (prefix.endsWith("\r")) prefix += " ";
        file.bad(utf8(prefix), notAnObject, "truncated object");
      }
      case 1 -> file.bad(utf8(FuzzValues.pick(random, NOT_OBJECTS)), notAnObject, "not an object");
      case 2 -> {
        byte[] invalid = FuzzValues.pick(random, INVALID_UTF8);
        byte[] object = utf8(object(goodRow().members()));
        file.bad(FuzzValues.insertAtRandom(object, invalid, random), "not valid UTF-8", "invalid UTF-8");
      }
      case 3 -> {
        // Raw NUL is neither JSON whitespace nor allowed unescaped in a string; inside a
        // multi-byte character it breaks the UTF-8 first, so either reason is right.
        byte[] object = utf8(object(goodRow().members()));
        byte[] nul = new byte[1 + random.nextInt(3)];
        file.bad(FuzzValues.insertAtRandom(object, nul, random), "", "raw NUL bytes");
      }
      case 4 -> writeDeeplyNested();
      case 5 -> writeWithNotANumber();
      case 6 -> {
        Row row = goodRow();
        int feature = random.nextInt(features.size());
        List<String> members = new ArrayList<>(row.members());
        members.removeIf(member -> member.startsWith(key(features.get(feature))));
        file.bad(
            utf8(object(members)),
            "feature '" + features.get(feature) + "' is missing",
            "missing feature");
      }
      case 7 -> file.either(FuzzValues.lineOfBytes(random, 120, (byte) '\n'), "random bytes");
      case 8 -> {
        String text = FuzzValues.text(random, HOSTILE_PIECES, 40);
        file.either(utf8(text.isEmpty() ? "{" : text), "random text");
      }
      case 9 -> writeNearTheMaximumLength();
      case 10 -> file.bad(utf8(" ".repeat(1 + random.nextInt(3))), notAnObject, "spaces only");
      default -> {
        String digits = "9".repeat(1001 + random.nextInt(200));
        Row row = goodRow();
        List<String> members = new ArrayList<>(row.members());
        members.add(key("huge") + digits);
        file.bad(utf8(object(members)), notAnObject, "number longer than Jackson allows");
      }
    }
  }

  private void writeWithNotANumber() {
    int feature = random.nextInt(features.size());
    String name = features.get(feature);
    List<String> members = new ArrayList<>(goodRow().members());
    members.replaceAll(
        member ->
            member.startsWith(key(name))
                ? key(name) + FuzzValues.pick(random, NOT_NUMBERS)
                : member);
    // A token that is not JSON at all fails the parse before the feature is looked at.
    file.bad(utf8(object(members)), "", "feature not a finite number");
  }

  /** Past Jackson's nesting limit the parse fails; below it the object lacks its features. */
  private void writeDeeplyNested() {
    int depth = 1 + random.nextInt(3000);
    String nested =
        switch (random.nextInt(3)) {
          case 0 -> "[".repeat(depth) + "]".repeat(depth);
          case 1 -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
          default -> {
            List<String> members = new ArrayList<>(goodRow().members());
            String name = features.get(0);
            members.replaceAll(
                member ->
                    member.startsWith(key(name))
                        ? key(name) + "[".repeat(depth) + "1" + "]".repeat(depth)
                        : member);
            yield object(members);
          }
        };
    file.bad(utf8(nested), "", "nested " + depth + " deep");
  }

  /** Exactly the maximum length is still good; a byte more is bad. */
  private void writeNearTheMaximumLength() {
    Row row = goodRow();
    int length = utf8(object(row.members())).length;
    int max = file.maxRecordLength();
    int target =
        switch (random.nextInt(3)) {
          case 0 -> max;
          case 1 -> max + 1;
          default -> max + 2 + random.nextInt(3 * max);
        };
    int pad = Math.max(0, target - length);
    String object = object(row.members());
    int brace = object.indexOf('{') + 1;
    String padded = object.substring(0, brace) + " ".repeat(pad) + object.substring(brace);
    file.good(utf8(padded), row.features(), row.carried(), "padded to " + target + " bytes");
  }

  private Row goodRow() {
    List<String> members = new ArrayList<>();
    float[] featureValues = new float[features.size()];
    for (String name : FEATURES) {
      FuzzValues.Number number = FuzzValues.number(random);
      int feature = features.indexOf(name);
      // JSON numbers are read as doubles, then narrowed.
      if (feature >= 0) featureValues[feature] = (float) Double.parseDouble(number.text());
      members.add(key(name) + number.text());
    }
    String id = "r" + serial++ + FuzzValues.text(random, PIECES, 5);
    members.add(key("id") + string(id));
    String tag;
    switch (random.nextInt(5)) {
      case 0 -> {
        tag = FuzzValues.text(random, PIECES, 5);
        members.add(key("tag") + string(tag));
      }
      case 1 -> {
        int value = random.nextInt();
        tag = Integer.toString(value);
        members.add(key("tag") + value);
      }
      case 2 -> {
        tag = Boolean.toString(random.nextBoolean());
        members.add(key("tag") + tag);
      }
      case 3 -> {
        tag = "";
        members.add(key("tag") + "null");
      }
      default -> tag = "";
    }
    if (random.nextBoolean())
      members.add(key("other") + "{\"a\": [1, 2.5, {\"b\": null}], \"c\": \"\"}");
    String[] carriedValues = new String[carried.size()];
    for (int i = 0; i < carriedValues.length; i++) {
      carriedValues[i] = carried.get(i).equals("id") ? id : tag;
    }
    return new Row(shuffled(members), featureValues, carriedValues);
  }

  private String object(List<String> members) {
    String space = random.nextBoolean() ? "" : random.nextBoolean() ? " " : "\t";
    return (random.nextInt(5) == 0 ? " " : "")
        + "{"
        + space
        + String.join("," + space, members)
        + space
        + "}";
  }

  private String key(String name) {
    return "\"" + name + "\": ";
  }

  /** A JSON string; characters that must be escaped are, others sometimes as {@code \\uXXXX}. */
  private String string(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || (!Character.isSurrogate(c) && random.nextInt(10) == 0)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private <T> List<T> shuffled(List<T> items) {
    List<T> copy = new ArrayList<>(items);
    for (int i = copy.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T swap = copy.get(i);
      copy.set(i, copy.get(j));
      copy.set(j, swap);
    }
    return copy;
  }
}
