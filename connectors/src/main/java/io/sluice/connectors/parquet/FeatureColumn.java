package io.sluice.connectors.parquet;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/** How one numeric column's current value becomes a model feature (a float). */
@FunctionalInterface
interface FeatureColumn {

  float value(ColumnReader column);

  /** The reader for {@code type}, or null when the column is not numeric (INT32, INT64, FLOAT, DOUBLE, DECIMAL). */
  static FeatureColumn of(PrimitiveType type) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
      int scale = decimal.getScale();
      return switch (type.getPrimitiveTypeName()) {
        case INT32 -> c -> BigDecimal.valueOf(c.getInteger(), scale).floatValue();
        case INT64 -> c -> BigDecimal.valueOf(c.getLong(), scale).floatValue();
        case BINARY, FIXED_LEN_BYTE_ARRAY -> c -> new BigDecimal(new BigInteger(c.getBinary().getBytes()), scale).floatValue();
        default -> null;
      };
    }
    boolean unsigned = logical instanceof IntLogicalTypeAnnotation i && !i.isSigned();
    boolean numeric = logical == null || logical instanceof IntLogicalTypeAnnotation;
    if (!numeric) return null;
    return switch (type.getPrimitiveTypeName()) {
      case INT32 -> unsigned ? c -> (float) Integer.toUnsignedLong(c.getInteger()) : c -> (float) c.getInteger();
      case INT64 -> unsigned ? c -> new BigDecimal(Long.toUnsignedString(c.getLong())).floatValue() : c -> (float) c.getLong();
      case FLOAT -> ColumnReader::getFloat;
      case DOUBLE -> c -> (float) c.getDouble();
      default -> null;
    };
  }
}
