package io.sluice.connectors.parquet;

import io.sluice.connectors.format.BadRecord;
import io.sluice.connectors.format.ColumnSelection;
import io.sluice.connectors.format.DecodedBatch;
import io.sluice.connectors.format.FeatureBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Reads one partition's row groups column by column, straight from the column readers (no record assembly), into
 * batches of features and carried text. Pages are fetched and decompressed as the readers reach them
 * ({@link RowGroupPages}), so a reader holds a bounded window of each selected column, not its row group.
 */
final class RowGroupReader implements AutoCloseable {
  /** A bad record's text: the row's selected values, cut here. */
  private static final int MAX_TEXT = 1024;

  private final SeekableInputStream in;
  private final CompressionCodecFactory codecs;
  private final MessageType projection;
  private final String createdBy;
  private final List<Integer> groups = new ArrayList<>();
  private final List<String> featureNames;
  private final List<String> carriedNames;
  private final PrimitiveType[] featureTypes;
  private final FeatureColumn[] featureColumns;
  private final PrimitiveType[] carriedTypes;
  private final int maxSize;
  private final int budget;
  /** Per feature, the carried column of the same name (-1: none): one column chunk has one reader. */
  private final int[] carriedAlso;
  private int nextGroup;
  private long rowsLeftInGroup;
  private long nextRow;
  private ColumnReader[] featureReaders;
  private ColumnReader[] carriedReaders;
  private final List<BlockMetaData> blocks;

  /** {@code budget}: the bytes of compressed column chunks to hold at once ({@link RowGroupPages}). */
  RowGroupReader(StorageInputFile file, long from, long until, ColumnSelection columns, int maxSize,
      ParquetCarriedTypes told, int budget) throws IOException {
    this.maxSize = maxSize;
    this.budget = budget;
    this.featureNames = columns.features();
    this.carriedNames = columns.carried();
    in = file.newStream();
    ParquetReadOptions options = ParquetReading.options();
    codecs = options.getCodecFactory();
    try {
      ParquetMetadata footer = ParquetFileReader.readFooter(file, options, in);
      MessageType schema = footer.getFileMetaData().getSchema();
      List<ParquetInput.ColumnProblem> problems = ParquetColumns.problems(schema, null, featureNames, carriedNames, file.toString());
      if (!problems.isEmpty()) throw new IOException(problems.get(0).message());
      List<String> all = new ArrayList<>(carriedNames);
      all.addAll(featureNames);
      projection = ParquetColumns.projection(schema, all);
      createdBy = footer.getFileMetaData().getCreatedBy();
      featureTypes = new PrimitiveType[featureNames.size()];
      featureColumns = new FeatureColumn[featureNames.size()];
      for (int i = 0; i < featureTypes.length; i++) {
        featureTypes[i] = schema.getType(featureNames.get(i)).asPrimitiveType();
        featureColumns[i] = FeatureColumn.of(featureTypes[i]);
      }
      carriedAlso = new int[featureNames.size()];
      for (int i = 0; i < carriedAlso.length; i++) carriedAlso[i] = carriedNames.indexOf(featureNames.get(i));
      carriedTypes = new PrimitiveType[carriedNames.size()];
      for (int i = 0; i < carriedTypes.length; i++) carriedTypes[i] = schema.getType(carriedNames.get(i)).asPrimitiveType();
      if (told != null) told.set(List.of(carriedTypes));
      long rowsBefore = 0;
      boolean firstFound = false;
      blocks = footer.getBlocks();
      for (int i = 0; i < blocks.size(); i++) {
        long start = blocks.get(i).getStartingPos();
        if (start >= from && start < until) {
          groups.add(i);
          firstFound = true;
        } else if (!firstFound) {
          rowsBefore += blocks.get(i).getRowCount();
        }
      }
      nextRow = rowsBefore;
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The next batch, or null after the partition's last row. */
  DecodedBatch next() throws IOException {
    try {
      return decodeNext();
    } catch (UncheckedIOException e) { // a page read that failed below the column readers
      throw e.getCause();
    }
  }

  private DecodedBatch decodeNext() throws IOException {
    while (rowsLeftInGroup == 0) {
      if (nextGroup >= groups.size()) return null;
      openGroup(groups.get(nextGroup++));
    }
    int n = (int) Math.min(maxSize, rowsLeftInGroup);
    int width = featureNames.size();
    float[] features = new float[n * width];
    String[] reasons = new String[n];
    String[][] carried = new String[n][carriedTypes.length];
    boolean[] nulls = new boolean[n * width];
    for (int f = 0; f < width; f++) {
      ColumnReader column = featureReaders[f];
      if (column == null) { // the same column named again: one column chunk has one reader
        int same = featureNames.indexOf(featureNames.get(f));
        for (int r = 0; r < n; r++) {
          features[r * width + f] = features[r * width + same];
          nulls[r * width + f] = nulls[r * width + same];
        }
        continue;
      }
      int maxDefinition = column.getDescriptor().getMaxDefinitionLevel();
      for (int r = 0; r < n; r++) {
        if (column.getCurrentDefinitionLevel() < maxDefinition) {
          nulls[r * width + f] = true;
          if (reasons[r] == null) reasons[r] = "feature '" + featureNames.get(f) + "' is null";
        } else {
          if (carriedAlso[f] >= 0) carried[r][carriedAlso[f]] = CarriedColumn.text(column, featureTypes[f]);
          float v = featureColumns[f].value(column);
          features[r * width + f] = v;
          if (!Float.isFinite(v) && reasons[r] == null) {
            reasons[r] = "feature '" + featureNames.get(f) + "' is not a finite float (" + v + ")";
          }
        }
        column.consume();
      }
    }
    for (int c = 0; c < carriedTypes.length; c++) {
      ColumnReader column = carriedReaders[c];
      if (column == null) continue; // filled from the feature of the same name
      int maxDefinition = column.getDescriptor().getMaxDefinitionLevel();
      for (int r = 0; r < n; r++) {
        carried[r][c] = column.getCurrentDefinitionLevel() < maxDefinition ? null : CarriedColumn.text(column, carriedTypes[c]);
        column.consume();
      }
    }
    long first = nextRow;
    nextRow += n;
    rowsLeftInGroup -= n;
    return batch(n, width, features, nulls, carried, reasons, first);
  }

  /** Keeps the good rows in place, in order, and turns the others into bad records. */
  private DecodedBatch batch(int n, int width, float[] features, boolean[] nulls, String[][] carried, String[] reasons,
      long firstRow) {
    List<BadRecord> bad = new ArrayList<>();
    long[] rows = new long[n];
    int good = 0;
    for (int r = 0; r < n; r++) {
      long row = firstRow + r;
      if (reasons[r] != null) {
        bad.add(new BadRecord(row, row, reasons[r], text(carried[r], features, nulls, r, width)));
        continue;
      }
      if (good != r) {
        System.arraycopy(features, r * width, features, good * width, width);
        carried[good] = carried[r];
      }
      rows[good++] = row;
    }
    long[] kept = good == n ? rows : Arrays.copyOf(rows, good);
    String[][] carriedKept = good == n ? carried : Arrays.copyOf(carried, good);
    return new DecodedBatch(new FeatureBatch(good, width, features, carriedKept, kept, kept.clone()), List.copyOf(bad));
  }

  /** The row as the job selected it, as a JSON object: what an errors line shows for a Parquet record. */
  private String text(String[] carried, float[] features, boolean[] nulls, int r, int width) {
    StringBuilder out = new StringBuilder("{");
    for (int c = 0; c < carried.length; c++) {
      if (out.length() > 1) out.append(',');
      out.append('"').append(escape(carriedNames.get(c))).append("\":");
      out.append(carried[c] == null ? "null" : "\"" + escape(carried[c]) + "\"");
    }
    for (int f = 0; f < width; f++) {
      if (out.length() > 1) out.append(',');
      out.append('"').append(escape(featureNames.get(f))).append("\":");
      float v = features[r * width + f];
      out.append(nulls[r * width + f] ? "null" : Float.isFinite(v) ? Float.toString(v) : "\"" + v + "\"");
    }
    String text = out.append('}').toString();
    return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private void openGroup(int index) throws IOException {
    featureReaders = null;
    carriedReaders = null;
    PageReadStore pages = new RowGroupPages(in, blocks.get(index), projection, codecs, budget);
    rowsLeftInGroup = pages.getRowCount();
    ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new IgnoringConverter(projection.getFieldCount()), projection, createdBy);
    featureReaders = new ColumnReader[featureNames.size()];
    for (int i = 0; i < featureReaders.length; i++) {
      if (featureNames.indexOf(featureNames.get(i)) < i) continue;
      featureReaders[i] = store.getColumnReader(projection.getColumnDescription(new String[] {featureNames.get(i)}));
    }
    carriedReaders = new ColumnReader[carriedNames.size()];
    for (int i = 0; i < carriedReaders.length; i++) {
      if (featureNames.contains(carriedNames.get(i))) continue;
      carriedReaders[i] = store.getColumnReader(projection.getColumnDescription(new String[] {carriedNames.get(i)}));
    }
  }

  @Override
  public void close() throws IOException {
    featureReaders = null;
    carriedReaders = null;
    codecs.release();
    in.close();
  }

  /**
   * The column readers want a converter to hand values to; values are taken from the readers directly instead, so
   * this one ignores what it is given. A column read twice (a feature also passed through) gets its own reader each.
   */
  private static final class IgnoringConverter extends GroupConverter {
    private final int fields;

    IgnoringConverter(int fields) {
      this.fields = fields;
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      if (fieldIndex >= fields) throw new IndexOutOfBoundsException(fieldIndex);
      return new PrimitiveConverter() {};
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  }
}
