package io.sluice.connectors.format;

import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;

/**
 * Writes the lines of an errors file: one JSON object per bad record, saying where it was and why
 * it is bad.
 */
public final class ErrorLines {
  private ErrorLines() {}

  /**
   * {@code {"file":…,"line":…,"offset":…,"error":…,"record":…}} and a line end.
   *
   * @param fileUri the source file, as it may be shown (without credentials)
   * @param lineInFile the record's 1-based line counted from the start of the file
   */
  public static ByteString encode(String fileUri, BadRecord bad, long lineInFile) {
    return line(fileUri, bad, ",\"line\":" + lineInFile + ",\"offset\":" + bad.offset());
  }

  /**
   * {@code {"file":…,"row":…,"error":…,"record":…}} and a line end: a record of a file with rows rather than lines
   * (Parquet, contract §9), whose {@link BadRecord#line} is its 0-based row in the file.
   */
  public static ByteString encodeRow(String fileUri, BadRecord bad) {
    return line(fileUri, bad, ",\"row\":" + bad.line());
  }

  /**
   * {@code {"file":…,"key":…,"error":…,"record":…}} and a line end: a row of a database relation (contract §10),
   * placed by its partition column's value ({@code key}, null for a NULL key); {@code source} names the relation.
   */
  public static ByteString encodeKey(String source, BadRecord bad, Long key) {
    return line(source, bad, ",\"key\":" + (key == null ? "null" : key.toString()));
  }

  /** The file, then {@code where} (members with their leading commas), then the error and the record. */
  private static ByteString line(String fileUri, BadRecord bad, String where) {
    String record = Utf8.prefix(bad.text(), DecodedBatchBuilder.MAX_TEXT_BYTES);
    StringBuilder out = new StringBuilder(64 + fileUri.length() + where.length() + bad.reason().length() + record.length());
    out.append("{\"file\":");
    JsonText.appendString(out, fileUri);
    out.append(where);
    out.append(",\"error\":");
    JsonText.appendString(out, bad.reason());
    out.append(",\"record\":");
    JsonText.appendString(out, record);
    out.append("}\n");
    return ByteString.fromArrayUnsafe(out.toString().getBytes(StandardCharsets.UTF_8));
  }
}
