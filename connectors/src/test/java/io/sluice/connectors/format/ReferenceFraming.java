package io.sluice.connectors.format;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * The line-record rules of the contract written the obvious way, over a whole file in memory, for
 * holding the streaming framing against.
 */
final class ReferenceFraming {
  private ReferenceFraming() {}

  /** The file's records with their absolute line numbers. */
  static List<RawRecord> records(byte[] file, int maxLength) {
    List<RawRecord> records = new ArrayList<>();
    int start = 0;
    long line = 1;
    while (start < file.length) {
      int lf = indexOf(file, (byte) '\n', start);
      int end = lf < 0 ? file.length : lf;
      int contentStart = start;
      int contentEnd = end;
      if (contentEnd > contentStart && file[contentEnd - 1] == '\r') contentEnd--;
      if (start == 0
          && contentEnd - contentStart >= 3
          && file[0] == (byte) 0xEF
          && file[1] == (byte) 0xBB
          && file[2] == (byte) 0xBF) {
        contentStart = 3;
      }
      int length = contentEnd - contentStart;
      if (length > 0) {
        byte[] kept =
            Arrays.copyOfRange(file, contentStart, contentStart + Math.min(length, maxLength));
        records.add(
            new RawRecord(ByteString.fromArray(kept), contentStart, line, length > maxLength));
      }
      line++;
      if (lf < 0) break;
      start = lf + 1;
    }
    return records;
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) if (bytes[i] == b) return i;
    return -1;
  }
}
