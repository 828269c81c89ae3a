package io.sluice.connectors.format;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a generated file line by line, tracking each record's line and offset and working out what
 * reading it must give (any record longer than the maximum length must come out bad).
 */
final class FuzzFileBuilder {
  static final String TOO_LONG = "record longer than max-line-length (";

  private final SplittableRandom random;
  private final int maxRecordLength;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final List<ExpectedRecord> records = new ArrayList<>();
  private long line = 1;
  private boolean swallowing;
  private boolean lastWasRecord;
  private int lastTerminatorLength;

  FuzzFileBuilder(SplittableRandom random, int maxRecordLength, boolean byteOrderMark) {
    this.random = random;
    this.maxRecordLength = maxRecordLength;
    if (byteOrderMark) out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A line that is no record of the output (the CSV header). */
  void header(byte[] content) {
    checkContent(content);
    write(content);
  }

  /** An empty line, LF or CRLF: counted as a line, never a record. */
  void blank() {
    write(new byte[0]);
    lastWasRecord = false;
  }

  void good(byte[] content, float[] features, String[] carried, String what) {
    add(content, ExpectedRecord.Outcome.GOOD, "", features, carried, what);
  }

  void bad(byte[] content, String reasonPrefix, String what) {
    add(content, ExpectedRecord.Outcome.BAD, reasonPrefix, null, null, what);
  }

  void either(byte[] content, String what) {
    add(content, ExpectedRecord.Outcome.EITHER, "", null, null, what);
  }

  /**
   * A record with an unbalanced quote in multiline CSV: everything after it up to the end of the
   * file belongs to it, so the lines written afterwards expect nothing of their own.
   */
  void swallowingRecord(byte[] content, String what) {
    add(content, ExpectedRecord.Outcome.BAD, "", null, null, what);
    swallowing = true;
  }

  int maxRecordLength() {
    return maxRecordLength;
  }

  private void add(
      byte[] content,
      ExpectedRecord.Outcome outcome,
      String reasonPrefix,
      float[] features,
      String[] carried,
      String what) {
    checkContent(content);
    if (!swallowing) {
      // Offset 0 holds a byte-order mark when there is one; the record starts after it.
      long offset = out.size();
      if (content.length > maxRecordLength) {
        outcome = ExpectedRecord.Outcome.BAD;
        reasonPrefix = TOO_LONG;
      }
      records.add(new ExpectedRecord(line, offset, outcome, reasonPrefix, features, carried, what));
    }
    write(content);
    lastWasRecord = true;
  }

  /** Generators must not write what the framing would read differently from what they expect. */
  private static void checkContent(byte[] content) {
    if (content.length == 0 || content[content.length - 1] == '\r') {
      throw new IllegalStateException(
          "a record must be non-empty and not end in a carriage return");
    }
  }

  private void write(byte[] content) {
    out.writeBytes(content);
    boolean crlf = random.nextBoolean();
    out.writeBytes(crlf ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
    lastTerminatorLength = crlf ? 2 : 1;
    for (byte b : content) if (b == '\n') line++;
    line++;
  }

  /** The file; its last record may lose its line end or keep only the carriage return. */
  byte[] build() {
    byte[] bytes = out.toByteArray();
    if (!lastWasRecord || random.nextInt(3) != 0) return bytes;
    int cut = bytes.length - lastTerminatorLength;
    byte[] trimmed = Arrays.copyOf(bytes, cut + (random.nextBoolean() ? 1 : 0));
    if (trimmed.length > cut) trimmed[cut] = '\r';
    return trimmed;
  }

  List<ExpectedRecord> records() {
    return List.copyOf(records);
  }
}
