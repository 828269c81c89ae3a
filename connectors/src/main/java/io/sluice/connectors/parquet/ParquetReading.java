package io.sluice.connectors.parquet;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;

/** The read options Sluice uses: no Hadoop configuration, no filters (every row of a row group is read). */
final class ParquetReading {
  private ParquetReading() {}

  static ParquetReadOptions options() {
    return ParquetReadOptions.builder(new PlainParquetConfiguration()).useStatsFilter(false).useDictionaryFilter(false)
        .useRecordFilter(false).useColumnIndexFilter(false).useBloomFilter(false).build();
  }
}
