package io.sluice.connectors.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.DictionaryPageHeader;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.Util;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * One column chunk's pages, read one at a time as the column reader asks for them: a page's header, then its bytes,
 * decompressed. parquet-java's own reader reads a row group's chunks whole first; this one holds a page (and the
 * window it came in) per column, whatever the row group's size. Statistics and page indexes are not read: every row
 * is decoded.
 */
final class ColumnChunkPages implements PageReader {
  private final ColumnChunkBytes bytes;
  private final BytesInputDecompressor decompressor;
  private final long valueCount;
  private long valuesSeen;
  /** A data page's header read while looking for the dictionary page. */
  private PageHeader pending;
  private boolean dictionaryLooked;

  ColumnChunkPages(ColumnChunkBytes bytes, BytesInputDecompressor decompressor, long valueCount) {
    this.bytes = bytes;
    this.decompressor = decompressor;
    this.valueCount = valueCount;
  }

  @Override
  public long getTotalValueCount() {
    return valueCount;
  }

  @Override
  public DictionaryPage readDictionaryPage() {
    if (dictionaryLooked) return null;
    dictionaryLooked = true;
    try {
      if (!bytes.hasMore()) return null;
      PageHeader header = Util.readPageHeader(bytes.stream());
      if (header.getType() != PageType.DICTIONARY_PAGE) {
        pending = header;
        return null;
      }
      DictionaryPageHeader dictionary = header.getDictionary_page_header();
      BytesInput compressed = bytes.take(header.getCompressed_page_size());
      return new DictionaryPage(decompressor.decompress(compressed, header.getUncompressed_page_size()),
          header.getUncompressed_page_size(), dictionary.getNum_values(), encoding(dictionary.getEncoding()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public DataPage readPage() {
    dictionaryLooked = true;
    try {
      while (true) {
        PageHeader header = pending;
        pending = null;
        if (header == null) {
          if (valuesSeen >= valueCount || !bytes.hasMore()) return null;
          header = Util.readPageHeader(bytes.stream());
        }
        if (header.getType() == PageType.DATA_PAGE) return v1(header);
        if (header.getType() == PageType.DATA_PAGE_V2) return v2(header);
        if (header.getType() == PageType.DICTIONARY_PAGE) {
          throw new ParquetDecodingException("a dictionary page after the first page of a column chunk");
        }
        bytes.take(header.getCompressed_page_size()); // an index page: not needed to read every row
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private DataPage v1(PageHeader header) throws IOException {
    DataPageHeader page = header.getData_page_header();
    valuesSeen += page.getNum_values();
    BytesInput compressed = bytes.take(header.getCompressed_page_size());
    return new DataPageV1(decompressor.decompress(compressed, header.getUncompressed_page_size()), page.getNum_values(),
        header.getUncompressed_page_size(), null, encoding(page.getRepetition_level_encoding()),
        encoding(page.getDefinition_level_encoding()), encoding(page.getEncoding()));
  }

  private DataPage v2(PageHeader header) throws IOException {
    DataPageHeaderV2 page = header.getData_page_header_v2();
    valuesSeen += page.getNum_values();
    int repetition = page.getRepetition_levels_byte_length();
    int definition = page.getDefinition_levels_byte_length();
    BytesInput repetitionLevels = bytes.take(repetition);
    BytesInput definitionLevels = bytes.take(definition);
    BytesInput data = bytes.take(header.getCompressed_page_size() - repetition - definition);
    if (page.isIs_compressed()) data = decompressor.decompress(data, header.getUncompressed_page_size() - repetition - definition);
    return DataPageV2.uncompressed(page.getNum_rows(), page.getNum_nulls(), page.getNum_values(), repetitionLevels,
        definitionLevels, encoding(page.getEncoding()), data, null);
  }

  private static Encoding encoding(org.apache.parquet.format.Encoding encoding) {
    return Encoding.valueOf(encoding.name());
  }
}
