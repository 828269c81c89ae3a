package io.sluice.connectors.parquet;

import java.util.List;
import org.apache.parquet.schema.PrimitiveType;

/**
 * The Parquet types of the carried columns of one partition, told by the reader once it has the file's footer and
 * asked by the Parquet encoder when it starts the part file; unknown (text) for CSV and JSON Lines input.
 */
public final class ParquetCarriedTypes {
  private volatile List<PrimitiveType> types;

  void set(List<PrimitiveType> carried) {
    types = carried;
  }

  /** The types in carried-column order, or null when the input is not Parquet. */
  List<PrimitiveType> get() {
    return types;
  }
}
