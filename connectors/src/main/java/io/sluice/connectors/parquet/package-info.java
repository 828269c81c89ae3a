/**
 * Parquet (contract §9) on parquet-java, over the project's {@link io.sluice.connectors.storage.Storage}: the
 * footer and the selected column chunks are fetched with ranged reads ({@link StorageInputFile}), part files are
 * written through the same staged writes as CSV ({@link ParquetRowEncoder}). Hadoop's client classes are a library
 * here, never a filesystem. Nothing outside this package names a Parquet or Hadoop type, so those classes load only
 * when a job reads or writes Parquet.
 */
package io.sluice.connectors.parquet;
