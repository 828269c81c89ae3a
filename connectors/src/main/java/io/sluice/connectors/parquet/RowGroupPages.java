package io.sluice.connectors.parquet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;

/**
 * The selected columns of one row group, as page readers. Where the selected chunks together fit in {@link #BUDGET}
 * they are fetched at once (one ranged read per run of adjacent chunks, as parquet-java does); a larger row group is
 * streamed instead, each column through a window of its share of the budget, so that the memory a row group holds
 * does not grow with the row group.
 */
final class RowGroupPages implements PageReadStore {
  /** Bytes of compressed column chunks one reader holds: 1/32 of the heap, between 4 and 64 MiB. */
  static final int BUDGET =
      (int) Math.max(4L << 20, Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 32));
  /** The smallest window a streamed column gets, however many columns share the budget. */
  private static final int MIN_WINDOW = 64 * 1024;

  private final long rows;
  private final Map<List<String>, ColumnChunkPages> columns = new HashMap<>();

  RowGroupPages(SeekableInputStream file, BlockMetaData group, MessageType projection, CompressionCodecFactory codecs,
      int budget) throws IOException {
    this.rows = group.getRowCount();
    List<ColumnChunkMetaData> chunks = new ArrayList<>();
    for (ColumnChunkMetaData chunk : group.getColumns()) {
      if (projection.containsPath(chunk.getPath().toArray())) chunks.add(chunk);
    }
    chunks.sort(Comparator.comparingLong(ColumnChunkMetaData::getStartingPos));
    long total = chunks.stream().mapToLong(ColumnChunkMetaData::getTotalSize).sum();
    Map<ColumnChunkMetaData, ColumnChunkBytes> bytes = total <= budget ? readWhole(file, chunks)
        : streamed(file, chunks, Math.max(MIN_WINDOW, budget / Math.max(1, chunks.size())));
    for (ColumnChunkMetaData chunk : chunks) {
      columns.put(Arrays.asList(chunk.getPath().toArray()),
          new ColumnChunkPages(bytes.get(chunk), codecs.getDecompressor(chunk.getCodec()), chunk.getValueCount()));
    }
  }

  /** Each run of adjacent chunks in one ranged read. */
  private static Map<ColumnChunkMetaData, ColumnChunkBytes> readWhole(SeekableInputStream file, List<ColumnChunkMetaData> chunks)
      throws IOException {
    Map<ColumnChunkMetaData, ColumnChunkBytes> bytes = new HashMap<>();
    int first = 0;
    while (first < chunks.size()) {
      int last = first;
      while (last + 1 < chunks.size() && chunks.get(last + 1).getStartingPos() == end(chunks.get(last))) last++;
      long start = chunks.get(first).getStartingPos();
      byte[] run = new byte[Math.toIntExact(end(chunks.get(last)) - start)];
      file.seek(start);
      file.readFully(run, 0, run.length);
      for (int i = first; i <= last; i++) {
        ColumnChunkMetaData chunk = chunks.get(i);
        bytes.put(chunk, new ColumnChunkBytes(run, (int) (chunk.getStartingPos() - start),
            Math.toIntExact(chunk.getTotalSize()), chunk.getStartingPos()));
      }
      first = last + 1;
    }
    return bytes;
  }

  private static Map<ColumnChunkMetaData, ColumnChunkBytes> streamed(SeekableInputStream file,
      List<ColumnChunkMetaData> chunks, int window) {
    Map<ColumnChunkMetaData, ColumnChunkBytes> bytes = new HashMap<>();
    for (ColumnChunkMetaData chunk : chunks) {
      bytes.put(chunk, new ColumnChunkBytes(file, chunk.getStartingPos(), end(chunk), window));
    }
    return bytes;
  }

  private static long end(ColumnChunkMetaData chunk) {
    return chunk.getStartingPos() + chunk.getTotalSize();
  }

  @Override
  public PageReader getPageReader(ColumnDescriptor column) {
    ColumnChunkPages pages = columns.get(Arrays.asList(column.getPath()));
    if (pages == null) throw new IllegalArgumentException(Arrays.toString(column.getPath()) + " is not a selected column");
    return pages;
  }

  @Override
  public long getRowCount() {
    return rows;
  }
}
