package io.sluice.connectors.format;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;

/** Test helper: raw records made from text lines, at made-up offsets, numbered from line 1. */
final class Records {
  private Records() {}

  static List<RawRecord> of(String... lines) {
    List<RawRecord> records = new ArrayList<>();
    long offset = 0;
    for (int i = 0; i < lines.length; i++) {
      ByteString bytes = ByteString.fromString(lines[i]);
      records.add(new RawRecord(bytes, offset, i + 1, false));
      offset += bytes.size() + 1;
    }
    return records;
  }
}
