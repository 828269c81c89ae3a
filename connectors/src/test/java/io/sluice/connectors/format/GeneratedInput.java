package io.sluice.connectors.format;

import java.util.List;

/**
 * A generated input file with the records it holds and how it is to be read.
 *
 * @param description the generator's choices, for failure messages
 * @param bytes the file
 * @param records every record written, in file order (the CSV header is not among them)
 * @param framing how the whole file is framed; splits take its quote handling and maximum length
 * @param csv how the CSV is written, or null for JSON Lines
 * @param columns the features and carried columns to decode
 */
record GeneratedInput(
    String description,
    byte[] bytes,
    List<ExpectedRecord> records,
    FramingSettings framing,
    CsvSettings csv,
    ColumnSelection columns) {

  /** Files whose records may hold quoted line breaks are never split, as the planner does. */
  boolean splittable() {
    return !framing.quoteAware();
  }

  boolean hasHeader() {
    return csv != null && csv.header();
  }
}
