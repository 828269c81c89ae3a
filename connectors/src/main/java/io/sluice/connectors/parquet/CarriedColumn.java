package io.sluice.connectors.parquet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DateLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.UUIDLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * An id or passthrough column: its values travel as text (what CSV and JSON Lines output write) and are turned back
 * into the same Parquet type for Parquet output. Text and back are exact inverses for every type read here, so a
 * value written to Parquet output equals the one read.
 */
final class CarriedColumn {
  private static final long NANOS_PER_DAY = TimeUnit.DAYS.toNanos(1);
  /** The Julian day of 1970-01-01, the epoch of Spark's legacy INT96 timestamps. */
  private static final long JULIAN_EPOCH_DAY = 2_440_588;

  private CarriedColumn() {}

  /** The current value of {@code column} (of {@code type}) as text. */
  static String text(ColumnReader column, PrimitiveType type) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    return switch (type.getPrimitiveTypeName()) {
      case BOOLEAN -> Boolean.toString(column.getBoolean());
      case FLOAT -> Float.toString(column.getFloat());
      case DOUBLE -> Double.toString(column.getDouble());
      case INT32 -> {
        int v = column.getInteger();
        if (logical instanceof DecimalLogicalTypeAnnotation d) yield BigDecimal.valueOf(v, d.getScale()).toPlainString();
        if (logical instanceof DateLogicalTypeAnnotation) yield LocalDate.ofEpochDay(v).toString();
        if (logical instanceof TimeLogicalTypeAnnotation) yield LocalTime.ofNanoOfDay(v * 1_000_000L).toString();
        if (logical instanceof IntLogicalTypeAnnotation i && !i.isSigned()) yield Integer.toUnsignedString(v);
        yield Integer.toString(v);
      }
      case INT64 -> {
        long v = column.getLong();
        if (logical instanceof DecimalLogicalTypeAnnotation d) yield BigDecimal.valueOf(v, d.getScale()).toPlainString();
        if (logical instanceof TimestampLogicalTypeAnnotation t) {
          Instant instant = instant(v, t.getUnit());
          yield t.isAdjustedToUTC() ? instant.toString() : LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString();
        }
        if (logical instanceof TimeLogicalTypeAnnotation t) yield LocalTime.ofNanoOfDay(nanos(v, t.getUnit())).toString();
        if (logical instanceof IntLogicalTypeAnnotation i && !i.isSigned()) yield Long.toUnsignedString(v);
        yield Long.toString(v);
      }
      case INT96 -> int96Instant(column.getBinary()).toString();
      case BINARY, FIXED_LEN_BYTE_ARRAY -> {
        Binary v = column.getBinary();
        if (logical instanceof DecimalLogicalTypeAnnotation d) yield new BigDecimal(new BigInteger(v.getBytes()), d.getScale()).toPlainString();
        if (logical instanceof UUIDLogicalTypeAnnotation) {
          ByteBuffer b = v.toByteBuffer();
          yield new UUID(b.getLong(b.position()), b.getLong(b.position() + 8)).toString();
        }
        if (type.getPrimitiveTypeName() == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) yield HexFormat.of().formatHex(v.getBytes());
        yield v.toStringUsingUTF8();
      }
    };
  }

  /**
   * The column as Parquet output declares it: the input's type, optional (a carried value may be missing);
   * INT96 timestamps, deprecated in Parquet, become INT64 nanosecond timestamps. Text from CSV or JSON Lines
   * ({@code input} null) is a UTF-8 string.
   */
  static PrimitiveType outputType(PrimitiveType input, String name) {
    if (input == null) return Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
    if (input.getPrimitiveTypeName() == PrimitiveTypeName.INT96) {
      return Types.optional(PrimitiveTypeName.INT64)
          .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.NANOS)).named(name);
    }
    return Types.primitive(input.getPrimitiveTypeName(), Type.Repetition.OPTIONAL).length(input.getTypeLength())
        .as(input.getLogicalTypeAnnotation()).named(name);
  }

  /** Adds {@code text}, written by {@link #text}, as a value of {@code type} (one of {@link #outputType}). */
  static void add(RecordConsumer out, PrimitiveType type, String text) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    switch (type.getPrimitiveTypeName()) {
      case BOOLEAN -> out.addBoolean(Boolean.parseBoolean(text));
      case FLOAT -> out.addFloat(Float.parseFloat(text));
      case DOUBLE -> out.addDouble(Double.parseDouble(text));
      case INT32 -> {
        if (logical instanceof DecimalLogicalTypeAnnotation d) out.addInteger(unscaled(text, d).intValueExact());
        else if (logical instanceof DateLogicalTypeAnnotation) out.addInteger((int) LocalDate.parse(text).toEpochDay());
        else if (logical instanceof TimeLogicalTypeAnnotation) out.addInteger((int) (LocalTime.parse(text).toNanoOfDay() / 1_000_000L));
        else if (logical instanceof IntLogicalTypeAnnotation i && !i.isSigned()) out.addInteger(Integer.parseUnsignedInt(text));
        else out.addInteger(Integer.parseInt(text));
      }
      case INT64 -> {
        if (logical instanceof DecimalLogicalTypeAnnotation d) out.addLong(unscaled(text, d).longValueExact());
        else if (logical instanceof TimestampLogicalTypeAnnotation t) {
          Instant instant = t.isAdjustedToUTC() ? Instant.parse(text) : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
          out.addLong(fromInstant(instant, t.getUnit()));
        } else if (logical instanceof TimeLogicalTypeAnnotation t) {
          long n = LocalTime.parse(text).toNanoOfDay();
          out.addLong(t.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS ? n / 1000 : n);
        } else if (logical instanceof IntLogicalTypeAnnotation i && !i.isSigned()) out.addLong(Long.parseUnsignedLong(text));
        else out.addLong(Long.parseLong(text));
      }
      case BINARY, FIXED_LEN_BYTE_ARRAY -> {
        if (logical instanceof DecimalLogicalTypeAnnotation d) {
          byte[] bytes = unscaled(text, d).toByteArray();
          out.addBinary(Binary.fromConstantByteArray(type.getPrimitiveTypeName() == PrimitiveTypeName.BINARY ? bytes
              : signExtended(bytes, type.getTypeLength())));
        } else if (logical instanceof UUIDLogicalTypeAnnotation) {
          UUID uuid = UUID.fromString(text);
          out.addBinary(Binary.fromConstantByteArray(ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
              .putLong(uuid.getLeastSignificantBits()).array()));
        } else if (type.getPrimitiveTypeName() == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
          out.addBinary(Binary.fromConstantByteArray(HexFormat.of().parseHex(text)));
        } else {
          out.addBinary(Binary.fromString(text));
        }
      }
      case INT96 -> throw new IllegalStateException("INT96 is written as INT64 (outputType)");
    }
  }

  private static BigInteger unscaled(String text, DecimalLogicalTypeAnnotation d) {
    return new BigDecimal(text).setScale(d.getScale()).unscaledValue();
  }

  private static byte[] signExtended(byte[] bytes, int length) {
    byte[] out = new byte[length];
    byte fill = bytes[0] < 0 ? (byte) -1 : 0;
    java.util.Arrays.fill(out, 0, length - bytes.length, fill);
    System.arraycopy(bytes, 0, out, length - bytes.length, bytes.length);
    return out;
  }

  private static long nanos(long v, LogicalTypeAnnotation.TimeUnit unit) {
    return switch (unit) {
      case MILLIS -> v * 1_000_000L;
      case MICROS -> v * 1_000L;
      case NANOS -> v;
    };
  }

  private static Instant instant(long v, LogicalTypeAnnotation.TimeUnit unit) {
    return switch (unit) {
      case MILLIS -> Instant.ofEpochMilli(v);
      case MICROS -> Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1000);
      case NANOS -> Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L), Math.floorMod(v, 1_000_000_000L));
    };
  }

  private static long fromInstant(Instant i, LogicalTypeAnnotation.TimeUnit unit) {
    return switch (unit) {
      case MILLIS -> i.toEpochMilli();
      case MICROS -> Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
      case NANOS -> Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    };
  }

  /** Spark's legacy timestamp: nanoseconds of the day, then the Julian day, both little-endian. */
  private static Instant int96Instant(Binary v) {
    ByteBuffer b = v.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    long nanosOfDay = b.getLong(b.position());
    long julianDay = b.getInt(b.position() + 8);
    long nanos = (julianDay - JULIAN_EPOCH_DAY) * NANOS_PER_DAY + nanosOfDay;
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
