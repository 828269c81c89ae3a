package io.sluice.connectors.parquet;

import io.sluice.connectors.format.FeatureBatch;
import io.sluice.connectors.format.Predictions;
import io.sluice.connectors.format.RowEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.pekko.util.ByteString;

/**
 * Writes one Parquet part file (contract §9): the carried columns in their input types (text from CSV or JSON
 * Lines as UTF-8 strings), then the predictions as FLOAT ({@code label} as a string). The writer starts at the
 * first batch, when the input's types are known, and its bytes go out after each batch; {@link #finish} writes
 * the footer.
 */
public final class ParquetRowEncoder implements RowEncoder {
  private final List<String> carriedNames;
  private final List<String> predictionNames;
  private final CompressionCodecName compression;
  private final long rowGroupSize;
  private final ParquetCarriedTypes carriedTypes;
  private final StagedOutputFile file = new StagedOutputFile();
  private ParquetWriter<Integer> writer;
  private RowsWriteSupport rows;

  /**
   * @param compression {@code snappy}, {@code zstd}, {@code gzip} or {@code none}
   * @param carriedTypes the input's types of the carried columns, when the input is Parquet
   */
  public ParquetRowEncoder(List<String> carriedNames, List<String> predictionNames, String compression,
      long rowGroupSize, ParquetCarriedTypes carriedTypes) {
    this.carriedNames = List.copyOf(carriedNames);
    this.predictionNames = List.copyOf(predictionNames);
    this.compression = codec(compression);
    this.rowGroupSize = rowGroupSize;
    this.carriedTypes = carriedTypes;
  }

  /** The codec for a contract name; an IllegalArgumentException names the allowed ones. */
  public static void checkCompression(String name) {
    codec(name);
  }

  private static CompressionCodecName codec(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "snappy" -> CompressionCodecName.SNAPPY;
      case "zstd" -> CompressionCodecName.ZSTD;
      case "gzip" -> CompressionCodecName.GZIP;
      case "none", "uncompressed" -> CompressionCodecName.UNCOMPRESSED;
      default -> throw new IllegalArgumentException("'" + name + "' is not one of snappy, zstd, gzip, none");
    };
  }

  @Override
  public ByteString header() {
    return ByteString.emptyByteString();
  }

  @Override
  public boolean inOrder() {
    return true;
  }

  @Override
  public ByteString encode(FeatureBatch batch, Predictions predictions) {
    try {
      start();
      rows.batch = batch;
      rows.predictions = predictions;
      for (int row = 0; row < batch.rows; row++) writer.write(row);
      return file.drain();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public ByteString finish() {
    try {
      start();
      writer.close();
      return file.drain();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void start() throws IOException {
    if (writer != null) return;
    List<PrimitiveType> input = carriedTypes == null ? null : carriedTypes.get();
    List<Type> fields = new ArrayList<>();
    for (int i = 0; i < carriedNames.size(); i++) {
      fields.add(CarriedColumn.outputType(input == null ? null : input.get(i), carriedNames.get(i)));
    }
    boolean label = predictionNames.equals(List.of("label", "score"));
    for (String name : predictionNames) {
      fields.add(label && name.equals("label")
          ? Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name)
          : Types.required(PrimitiveTypeName.FLOAT).named(name));
    }
    rows = new RowsWriteSupport(new MessageType("sluice", fields), carriedNames.size(), label);
    writer = new Builder(file, rows).withConf(new PlainParquetConfiguration()).withCompressionCodec(compression)
        .withRowGroupSize(rowGroupSize).withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build();
  }

  private static final class Builder extends ParquetWriter.Builder<Integer, Builder> {
    private final RowsWriteSupport support;

    Builder(OutputFile file, RowsWriteSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Integer> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
      return support;
    }

    @Override
    protected WriteSupport<Integer> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }
  }

  /** Writes row {@code i} of the current batch: the writer is handed row numbers, the values are read here. */
  private static final class RowsWriteSupport extends WriteSupport<Integer> {
    private final MessageType schema;
    private final int carried;
    private final boolean label;
    private RecordConsumer out;
    FeatureBatch batch;
    Predictions predictions;

    RowsWriteSupport(MessageType schema, int carried, boolean label) {
      this.schema = schema;
      this.carried = carried;
      this.label = label;
    }

    @Override
    public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
      return new WriteContext(schema, Map.of());
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(schema, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      out = recordConsumer;
    }

    @Override
    public void write(Integer row) {
      out.startMessage();
      String[] values = batch.carried[row];
      for (int c = 0; c < carried; c++) {
        if (values[c] == null) continue;
        out.startField(schema.getFieldName(c), c);
        CarriedColumn.add(out, schema.getType(c).asPrimitiveType(), values[c]);
        out.endField(schema.getFieldName(c), c);
      }
      int field = carried;
      if (label) {
        out.startField(schema.getFieldName(field), field);
        out.addBinary(Binary.fromString(predictions.labels()[row]));
        out.endField(schema.getFieldName(field), field);
        field++;
      }
      int width = predictions.width();
      for (int i = 0; i < width; i++, field++) {
        out.startField(schema.getFieldName(field), field);
        out.addFloat(predictions.values()[row * width + i]);
        out.endField(schema.getFieldName(field), field);
      }
      out.endMessage();
    }
  }
}
