package io.sluice.connectors.format;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * Decodes CSV records: picks the feature and carried columns out of each record's fields, by header
 * name or, without a header, by 0-based index.
 */
public final class CsvRecordDecoder extends RecordDecoder {
  private final CsvSettings settings;
  private final List<String> featureNames;
  private final int[] featureColumns;
  private final int[] carriedColumns;

  /** The header's width, which every record must have; -1 without a header. */
  private final int expectedFields;

  /** Without a header, a record needs at least the columns that are used. */
  private final int minimumFields;

  private CsvRecordDecoder(
      CsvSettings settings,
      List<String> featureNames,
      int[] featureColumns,
      int[] carriedColumns,
      int expectedFields) {
    this.settings = settings;
    this.featureNames = featureNames;
    this.featureColumns = featureColumns;
    this.carriedColumns = carriedColumns;
    this.expectedFields = expectedFields;
    int highest = -1;
    for (int column : featureColumns) highest = Math.max(highest, column);
    for (int column : carriedColumns) highest = Math.max(highest, column);
    this.minimumFields = highest + 1;
  }

  /**
   * A decoder for records of a file with {@code header} (null when {@code settings.header()} is
   * false, columns are then 0-based indices).
   *
   * @throws IllegalArgumentException naming a selected column that the header lacks or that is not
   *     an index
   */
  public static CsvRecordDecoder create(
      CsvSettings settings, List<String> header, ColumnSelection columns) {
    if (settings.header() && header == null) {
      throw new IllegalArgumentException(
          "a CSV with header = true needs its header to decode records");
    }
    List<String> names = settings.header() ? List.copyOf(header) : null;
    return new CsvRecordDecoder(
        settings,
        List.copyOf(columns.features()),
        resolve(columns.features(), names),
        resolve(columns.carried(), names),
        names == null ? -1 : names.size());
  }

  private static int[] resolve(List<String> columns, List<String> header) {
    int[] indices = new int[columns.size()];
    for (int i = 0; i < indices.length; i++) {
      indices[i] =
          header == null ? parseIndex(columns.get(i)) : indexInHeader(columns.get(i), header);
    }
    return indices;
  }

  private static int indexInHeader(String column, List<String> header) {
    int index = header.indexOf(column);
    if (index < 0)
      throw new IllegalArgumentException("column '" + column + "' is not in the header " + header);
    return index;
  }

  private static int parseIndex(String column) {
    try {
      int index = Integer.parseInt(column.trim());
      if (index >= 0) return index;
    } catch (NumberFormatException e) {
      // reported below, with what a column name means here
    }
    throw new IllegalArgumentException(
        "'"
            + column
            + "' is not a column index (a CSV without header names columns by 0-based index)");
  }

  @Override
  int featureCount() {
    return featureColumns.length;
  }

  @Override
  String[] decodeInto(DecodedBatchBuilder batch, RawRecord record)
      throws MalformedRecordException {
    if (record.truncated()) throw new MalformedRecordException(FeatureValues.tooLong(record));
    String[] carried = decodePlainInto(batch, record.bytes());
    return carried != null ? carried : decodeTextInto(batch, record.bytes());
  }

  /**
   * Decodes the common record, ASCII without quotes and with plain decimal features, straight from
   * its bytes; null for any other, which {@link #decodeTextInto} then decodes in full, overwriting
   * whatever features this wrote.
   */
  private String[] decodePlainInto(DecodedBatchBuilder batch, ByteString record) {
    byte[] bytes = record.toArrayUnsafe();
    int[] fieldEnds = new int[minimumFields];
    int fields =
        AsciiCsvFields.split(
            bytes, record.size(), settings.delimiter(), settings.quote(), fieldEnds);
    if (fields == AsciiCsvFields.NOT_PLAIN || !hasRightFieldCount(fields)) return null;
    for (int i = 0; i < featureColumns.length; i++) {
      int column = featureColumns[i];
      float value =
          AsciiFloats.parse(bytes, AsciiCsvFields.start(fieldEnds, column), fieldEnds[column]);
      if (Float.isNaN(value)) return null;
      batch.feature(i, value);
    }
    String[] carried = new String[carriedColumns.length];
    for (int i = 0; i < carried.length; i++) {
      int column = carriedColumns[i];
      int from = AsciiCsvFields.start(fieldEnds, column);
      // ASCII is Latin-1 too, which a String takes in as it is.
      carried[i] = new String(bytes, from, fieldEnds[column] - from, StandardCharsets.ISO_8859_1);
    }
    return carried;
  }

  private boolean hasRightFieldCount(int fields) {
    return (expectedFields < 0 || fields == expectedFields) && fields >= minimumFields;
  }

  private String[] decodeTextInto(DecodedBatchBuilder batch, ByteString record)
      throws MalformedRecordException {
    List<String> fields = CsvFields.split(record, settings);
    if (expectedFields >= 0 && fields.size() != expectedFields) {
      throw new MalformedRecordException(
          "expected " + expectedFields + " fields, found " + fields.size());
    }
    if (fields.size() < minimumFields) {
      throw new MalformedRecordException(
          "expected at least " + minimumFields + " fields, found " + fields.size());
    }
    for (int i = 0; i < featureColumns.length; i++) {
      batch.feature(i, FeatureValues.parse(featureNames.get(i), fields.get(featureColumns[i])));
    }
    String[] carried = new String[carriedColumns.length];
    for (int i = 0; i < carried.length; i++) carried[i] = fields.get(carriedColumns[i]);
    return carried;
  }
}
