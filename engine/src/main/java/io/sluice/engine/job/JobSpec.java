package io.sluice.engine.job;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.typesafe.config.Config;
import io.sluice.engine.CborSerializable;
import io.sluice.connectors.format.CsvSettings;
import io.sluice.connectors.format.RecordFormat;
import io.sluice.engine.model.ModelFormat;
import io.sluice.engine.model.ModelSettings;
import io.sluice.engine.model.OnnxSettings;
import io.sluice.engine.model.OutputMode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated job: what to read, which model to run, how to batch, where to write and how
 * many errors to tolerate. It travels between nodes as a value (Jackson CBOR; the stores' settings as HOCON);
 * {@link #source()} is the text it was parsed from, which registered jobs keep.
 */
public record JobSpec(
    String name,
    Input input,
    Model model,
    Batching batching,
    Workers workers,
    Output output,
    Errors errors,
    String schedule,
    String overlap,
    String source) implements CborSerializable {

  /** Where and how records are read; {@code store} is the settings block of the URI's scheme (contract §5). */
  public record Input(
      URI uri,
      RecordFormat format,
      CsvSettings csv,
      String idColumn,
      List<String> features,
      List<String> passthrough,
      long splitSize,
      long openCost,
      int maxLineLength,
      @JsonSerialize(using = StoreSettingsJson.Writer.class) @JsonDeserialize(using = StoreSettingsJson.Reader.class)
      Config store) {

    /** The id column (when set) and the passthrough columns: what each output row carries. */
    public List<String> carriedColumns() {
      List<String> carried = new ArrayList<>();
      if (idColumn != null) carried.add(idColumn);
      carried.addAll(passthrough);
      return carried;
    }

    /** True when a file is read whole: quoted line breaks make byte splits unsafe. */
    public boolean unsplittable() {
      return format == RecordFormat.CSV && csv.multiline();
    }
  }

  /** Which model and how its outputs are named; {@code onnx} is used only by ONNX models (contract §8). */
  public record Model(URI uri, ModelFormat format, OutputMode output, List<String> labels, OnnxSettings onnx,
      @JsonSerialize(using = StoreSettingsJson.Writer.class) @JsonDeserialize(using = StoreSettingsJson.Reader.class)
      Config store) {}

  /** How a node loads this job's model: its model block and the replicas the node runs. */
  public ModelSettings modelSettings() {
    return new ModelSettings(model.format(), model.output(), model.onnx(), workers.replicasOnThisNode());
  }

  /** Micro-batching of records into model calls. */
  public record Batching(int maxSize, Duration maxWait) {}

  /** Per-node parallelism: model replicas (0 = auto) and partitions in flight. */
  public record Workers(int modelReplicas, int partitionsInFlight) {

    /** The replica count to use on this node: auto is one per core, each then single-threaded ({@code NativeThreads}). */
    public int replicasOnThisNode() {
      return modelReplicas > 0 ? modelReplicas : Runtime.getRuntime().availableProcessors();
    }
  }

  /** Where results go. */
  public record Output(URI uri, RecordFormat format, WriteMode mode,
      @JsonSerialize(using = StoreSettingsJson.Writer.class) @JsonDeserialize(using = StoreSettingsJson.Reader.class)
      Config store, ParquetOutput parquet) {

    /** The part files' extension: {@code csv}, {@code jsonl} or {@code parquet}. */
    public String extension() {
      return switch (format) {
        case CSV -> "csv";
        case JSONL -> "jsonl";
        case PARQUET -> "parquet";
      };
    }
  }

  /** Parquet output's settings (contract §9): {@code compression} is snappy, zstd, gzip or none. */
  public record ParquetOutput(String compression, long rowGroupSize) {}

  /**
   * The error budget and the retry policy. {@code leaseTimeout}: a partition attempt from which the coordinator hears
   * nothing for this long (no progress, heartbeat or result) is lost and handed out again as a new attempt.
   */
  public record Errors(
      long maxBadRecords,
      double maxBadRecordFraction,
      int partitionRetries,
      Duration retryBackoff,
      Duration batchTimeout,
      Duration leaseTimeout) {

    /** How many bad records a run may have after reading {@code recordsIn} records. */
    public long budget(long recordsIn) {
      return Math.max(maxBadRecords, (long) Math.floor(maxBadRecordFraction * recordsIn));
    }
  }
}
