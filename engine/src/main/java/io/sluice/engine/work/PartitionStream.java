package io.sluice.engine.work;

import io.sluice.engine.plan.PartitionStats;
import io.sluice.connectors.format.BadRecord;
import io.sluice.connectors.format.ColumnSelection;
import io.sluice.connectors.format.CsvRecordDecoder;
import io.sluice.connectors.format.DecodedBatch;
import io.sluice.connectors.format.ErrorLines;
import io.sluice.connectors.format.FeatureBatch;
import io.sluice.connectors.format.FramingSettings;
import io.sluice.connectors.format.JsonLinesDecoder;
import io.sluice.connectors.format.LineCounting;
import io.sluice.connectors.format.Predictions;
import io.sluice.connectors.format.RawRecord;
import io.sluice.connectors.format.RecordDecoder;
import io.sluice.connectors.format.RecordFormat;
import io.sluice.connectors.format.RecordFraming;
import io.sluice.connectors.format.RowEncoder;
import io.sluice.connectors.format.RowEncoders;
import io.sluice.connectors.jdbc.CopyRowEncoder;
import io.sluice.connectors.jdbc.JdbcSettings;
import io.sluice.connectors.jdbc.RangeReader;
import io.sluice.connectors.storage.Redaction;
import io.sluice.connectors.storage.StagedWrite;
import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.engine.job.JobSpec;
import io.sluice.engine.plan.OutputLocation;
import io.sluice.engine.plan.Partition;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The stream that turns one partition into a committed part file: read the byte range,
 * frame and decode records, micro-batch, call the model, encode rows, write the part file
 * and the errors file, and commit both only when everything succeeded.
 */
public final class PartitionStream {
  /** Batches parsed, or encoded, at once: one per core, so both stages can use every core the model leaves. */
  private static final int CPU_PARALLELISM = Math.max(2, Runtime.getRuntime().availableProcessors());
  /** The largest packed file read whole in one call, so that the reads in flight hold a few MiB at most. */
  private static final long WHOLE_READ_MAX = 1 << 20;
  /** Whole-file reads in flight: a remote store's each a round trip, a local disk's each a blocking call. */
  private static final int FILES_IN_FLIGHT = 8;

  private final JobSpec job;
  private final Partition partition;
  private final Storage input;
  private final Storage output;
  private final ModelCall model;
  private final List<String> predictionColumns;
  private final LongConsumer progress;
  /** Completes when every row has gone through the model and into the part file's writer; only the commit is left. */
  private final CompletableFuture<Done> rowsThrough = new CompletableFuture<>();
  /** The run's id (database output tags its rows with it), and the database settings of a {@code jdbc:} input and output. */
  private final String runId;
  private final JdbcSettings jdbcIn;
  private final JdbcSettings jdbcOut;

  /** A batch after the model: its encoded rows and errors lines, and the counts. */
  private record Encoded(ByteString rows, ByteString errors, int good, int bad) {}

  public PartitionStream(JobSpec job, Partition partition, Storage input, Storage output, ModelCall model,
      List<String> predictionColumns, LongConsumer progress) {
    this(job, partition, input, output, model, predictionColumns, progress, null, null, null);
  }

  private PartitionStream(JobSpec job, Partition partition, Storage input, Storage output, ModelCall model,
      List<String> predictionColumns, LongConsumer progress, String runId, JdbcSettings jdbcIn, JdbcSettings jdbcOut) {
    this.runId = runId;
    this.jdbcIn = jdbcIn;
    this.jdbcOut = jdbcOut;
    this.job = job;
    this.partition = partition;
    this.input = input;
    this.output = output;
    this.model = model;
    this.predictionColumns = predictionColumns;
    this.progress = progress;
  }

  /** The same stream for run {@code runId} reading and writing the databases that {@code in} and {@code out} name (either may be null). */
  public PartitionStream withDatabases(String runId, JdbcSettings in, JdbcSettings out) {
    return new PartitionStream(job, partition, input, output, model, predictionColumns, progress, runId, in, out);
  }

  /** Starts the stream: a switch that aborts it, and the stats once the partition is committed. */
  public Pair<UniqueKillSwitch, CompletionStage<PartitionStats>> start(Materializer materializer) {
    JobSpec.Input in = job.input();
    Executor cpu = materializer.executionContext();
    StoredObject file = jdbcIn != null ? null : new StoredObject(URI.create(partition.source()), partition.fileSize());
    LineBase lineBase = new LineBase(() -> LineCounting.linesBefore(input.read(file, 0), partition.offset(), materializer));
    boolean parquetIn = in.format() == RecordFormat.PARQUET;
    ParquetParts parquet = parquetIn || job.output().format() == RecordFormat.PARQUET ? new ParquetParts(job) : null;
    RowEncoder encoder = jdbcOut != null ? new CopyRowEncoder(runId, partition.index())
        : job.output().format() == RecordFormat.PARQUET ? parquet.encoder(predictionColumns)
        : RowEncoders.create(job.output().format(), in.carriedColumns(), predictionColumns);
    URI out = job.output().uri();
    String partName = partition.partName(job.output().extension());

    Source<DecodedBatch, NotUsed> batches = jdbcIn != null ? JdbcParts.batches(job, partition, jdbcIn)
        : parquetIn ? parquetBatches(parquet, materializer)
        : records(materializer).via(MicroBatcher.flow(job.batching().maxSize(), job.batching().maxWait(), decoder(), cpu, CPU_PARALLELISM));
    var encoded = batches
        .viaMat(KillSwitches.single(), Keep.right())
        .mapAsync(model.parallelism(), new Predicting()::predict)
        .mapAsync(encoder.inOrder() ? 1 : CPU_PARALLELISM, scored -> CompletableFuture.supplyAsync(
            () -> encode(scored.first(), scored.second(), encoder, lineBase), cpu).thenCompose(e -> e));
    if (jdbcOut != null) return intoTable(encoded, materializer);

    Sink<Encoded, CompletionStage<StagedWrite>> partSink = Flow.of(Encoded.class).map(Encoded::rows)
        .prepend(Source.single(encoder.header()))
        .concatLazy(Source.lazySingle(encoder::finish)) // concat would pull the footer before the rows
        .toMat(output.write(OutputLocation.resolve(out, partName)), Keep.right());
    // Created on the first bad record only, so a clean partition leaves no trace in _errors/. Not Sink.lazySink: a
    // clean partition, the common case, would fail its result with an exception (and fill in its stack) every time.
    URI errorsUri = OutputLocation.resolve(out, OutputLocation.ERRORS_DIR + partition.partName("jsonl"));
    Sink<Encoded, CompletionStage<Optional<StagedWrite>>> errorsSink = Flow.of(Encoded.class).map(Encoded::errors)
        .filter(b -> !b.isEmpty())
        .prefixAndTail(1)
        .mapAsync(1, firstAndRest -> firstAndRest.first().isEmpty()
            ? CompletableFuture.completedFuture(Optional.<StagedWrite>empty())
            : Source.from(firstAndRest.first()).concat(firstAndRest.second())
                .runWith(output.write(errorsUri), materializer).thenApply(Optional::of))
        .toMat(Sink.head(), Keep.right());
    Sink<Encoded, CompletionStage<long[]>> countSink = Sink.fold(new long[2], (c, e) -> {
      c[0] += e.good();
      c[1] += e.bad();
      progress.accept(c[0] + c[1]);
      return c;
    });

    var graph = encoded
        .alsoToMat(errorsSink, Keep.both())
        .alsoToMat(countSink, Keep.both())
        .toMat(partSink, Keep.both());
    var materialized = graph.run(materializer);
    UniqueKillSwitch killSwitch = materialized.first().first().first();
    CompletionStage<Optional<StagedWrite>> errors = materialized.first().first().second();
    CompletionStage<long[]> counts = materialized.first().second();
    rowsThroughWhen(counts);
    CompletionStage<StagedWrite> part = materialized.second();
    return Pair.create(killSwitch, commit(part, errors, counts, partName));
  }

  /**
   * A database output: the partition's rows and errors in one transaction, committed when the stream ends (contract
   * §10). Its rows are through only once that transaction ends: the commit is the stream's last stage.
   */
  private Pair<UniqueKillSwitch, CompletionStage<PartitionStats>> intoTable(Source<Encoded, UniqueKillSwitch> encoded,
      Materializer materializer) {
    List<String> columns = new ArrayList<>(job.input().carriedColumns());
    columns.addAll(predictionColumns);
    Executor blocking = materializer.system().dispatchers().lookup("pekko.actor.default-blocking-io-dispatcher");
    long[] done = new long[1];
    Pair<UniqueKillSwitch, CompletionStage<PartitionStats>> started = encoded.map(e -> {
          done[0] += e.good() + e.bad();
          progress.accept(done[0]);
          return new JdbcParts.Piece(e.rows(), e.errors(), e.good(), e.bad());
        })
        .toMat(JdbcParts.sink(jdbcOut, runId, partition, columns, blocking), Keep.both())
        .run(materializer);
    rowsThroughWhen(started.second());
    return started;
  }

  /** The rows are through when {@code stage} completes, and not when it fails. */
  private void rowsThroughWhen(CompletionStage<?> stage) {
    stage.whenComplete((value, failure) -> {
      if (failure == null) rowsThrough.complete(Done.getInstance());
      else rowsThrough.completeExceptionally(failure);
    });
  }

  /**
   * Completes once the partition's rows are all through (failed when the stream failed): what is left is staging and
   * committing its files, which holds no rows and uses no core, so its worker may start the next partition.
   */
  public CompletionStage<Done> rowsThrough() {
    return rowsThrough;
  }

  /**
   * The partition's records in order. The files of a packed partition are read one after the other, each framed
   * (and its header dropped) as a file of its own, so micro-batches span files; each record's offset carries its
   * file's place in the pack ({@link Partition#PIECE_SHIFT}), which its errors line turns back into the file.
   */
  private Source<RawRecord, NotUsed> records(Materializer materializer) {
    List<Partition.Piece> pieces = partition.pieces();
    if (pieces.size() == 1) return records(pieces.get(0), 0);
    if (pieces.stream().allMatch(piece -> piece.fileSize() <= WHOLE_READ_MAX)) {
      // A pack of small files, the commonest (thousands of files of a few KiB): each file is one read of its listed
      // bytes, several in flight, framed with no stream of its own, so a file costs about what its rows cost.
      return Source.range(0, pieces.size() - 1)
          .mapAsync(FILES_IN_FLIGHT, k -> wholeFileRecords(pieces.get(k), placeBits(k), materializer))
          .mapConcat(records -> records);
    }
    return Source.range(0, pieces.size() - 1).flatMapConcat(k -> records(pieces.get(k), placeBits(k)));
  }

  private CompletionStage<List<RawRecord>> wholeFileRecords(Partition.Piece piece, long place, Materializer materializer) {
    JobSpec.Input in = job.input();
    FramingSettings framing = new FramingSettings(0, Long.MAX_VALUE, in.unsplittable(), in.csv().quote(), in.maxLineLength());
    StoredObject file = new StoredObject(URI.create(piece.source()), piece.fileSize());
    boolean header = in.format() == RecordFormat.CSV && in.csv().header();
    return input.readBytes(file, 0, (int) piece.fileSize(), materializer).thenApply(bytes -> {
      List<RawRecord> framed = RecordFraming.whole(bytes, framing);
      List<RawRecord> records = new ArrayList<>(framed.size());
      for (int i = header ? 1 : 0; i < framed.size(); i++) {
        RawRecord r = framed.get(i);
        records.add(new RawRecord(r.bytes(), r.offset() + place, r.line(), r.truncated()));
      }
      return records;
    });
  }

  private Source<RawRecord, NotUsed> records(Partition.Piece piece, long place) {
    JobSpec.Input in = job.input();
    long end = piece.offset() + piece.length() >= piece.fileSize() ? Long.MAX_VALUE : piece.offset() + piece.length();
    FramingSettings framing = new FramingSettings(piece.offset(), end, in.unsplittable(), in.csv().quote(), in.maxLineLength());
    StoredObject file = new StoredObject(URI.create(piece.source()), piece.fileSize());
    // Sized to the piece, so that a small partition is read in one call instead of behind a read-ahead of megabytes.
    long expected = Math.min(piece.offset() + piece.length(), piece.fileSize()) - framing.readOffset();
    Source<RawRecord, NotUsed> records = input.read(file, framing.readOffset(), expected).via(RecordFraming.flow(framing));
    if (place != 0) records = records.map(r -> new RawRecord(r.bytes(), r.offset() + place, r.line(), r.truncated()));
    boolean headerHere = in.format() == RecordFormat.CSV && in.csv().header() && piece.offset() == 0;
    return headerHere ? records.drop(1) : records;
  }

  /**
   * Parquet's batches, read file by file through one reader for a packed partition (no stream per file), each
   * record's place marked as for text files. A reader's batch ends with its row group, so small files or small row
   * groups are joined again into batches of up to {@code max-size} (or what came within {@code max-wait}): a model
   * call per file of a hundred rows cost more than the rows.
   */
  private Source<DecodedBatch, NotUsed> parquetBatches(ParquetParts parquet, Materializer materializer) {
    List<Partition.Piece> pieces = partition.pieces();
    Source<DecodedBatch, NotUsed> batches = pieces.size() == 1 ? parquet.batches(pieces.get(0), input, materializer)
        : parquet.packedBatches(pieces, input, materializer).map(placed -> PackedPlaces.placed(placed.second(),
            placeBits(placed.first())));
    return batches.groupedWeightedWithin(job.batching().maxSize(), b -> (long) Math.max(1, b.good().rows + b.bad().size()),
        job.batching().maxWait()).map(DecodedBatch::concat);
  }

  private static long placeBits(int piece) {
    return (long) piece << Partition.PIECE_SHIFT;
  }

  private RecordDecoder decoder() {
    JobSpec.Input in = job.input();
    ColumnSelection columns = new ColumnSelection(in.features(), in.carriedColumns());
    if (in.format() == RecordFormat.JSONL) return JsonLinesDecoder.create(columns);
    return CsvRecordDecoder.create(in.csv(), in.csv().header() ? partition.header() : null, columns);
  }

  /**
   * Numbers the records that reach the model as the partition goes, so the model places each where its index says
   * ({@code ModelReplica}): {@code mapAsync} calls this in stream order, one batch at a time.
   */
  private final class Predicting {
    private long nextRow;

    CompletionStage<Pair<DecodedBatch, PoisonIsolation.Scored>> predict(DecodedBatch batch) {
      long firstRow = nextRow;
      nextRow += batch.good().rows;
      return PoisonIsolation.score(batch.good(), firstRow, model).thenApply(scored -> Pair.create(batch, scored));
    }
  }

  private CompletionStage<Encoded> encode(DecodedBatch batch, PoisonIsolation.Scored scored, RowEncoder encoder,
      LineBase lineBase) {
    ByteString rows = ByteString.emptyByteString();
    for (Pair<FeatureBatch, Predictions> piece : scored.pieces()) rows = rows.concat(encoder.encode(piece.first(), piece.second()));
    List<BadRecord> bad = new ArrayList<>(batch.bad());
    bad.addAll(scored.poisoned());
    if (bad.isEmpty()) return CompletableFuture.completedFuture(new Encoded(rows, ByteString.emptyByteString(), scored.rows(), 0));
    bad.sort(Comparator.comparingLong(BadRecord::offset));
    ByteString encodedRows = rows;
    if (jdbcIn != null) { // rows with keys (contract §10)
      ByteString errors = ByteString.emptyByteString();
      for (BadRecord b : bad) {
        errors = errors.concat(ErrorLines.encodeKey(partition.source(), b, b.offset() == RangeReader.NULL_KEY ? null : b.offset()));
      }
      return CompletableFuture.completedFuture(new Encoded(encodedRows, errors, scored.rows(), bad.size()));
    }
    if (!partition.packed().isEmpty()) {
      return CompletableFuture.completedFuture(new Encoded(encodedRows, PackedPlaces.errors(partition, bad,
          job.input().format() == RecordFormat.PARQUET), scored.rows(), bad.size()));
    }
    if (job.input().format() == RecordFormat.PARQUET) { // rows, not lines: nothing to count (contract §9)
      String source = Redaction.uri(URI.create(partition.source()));
      ByteString errors = ByteString.emptyByteString();
      for (BadRecord b : bad) errors = errors.concat(ErrorLines.encodeRow(source, b));
      return CompletableFuture.completedFuture(new Encoded(encodedRows, errors, scored.rows(), bad.size()));
    }
    return lineBase.get().thenApply(base -> {
      String source = Redaction.uri(URI.create(partition.source()));
      ByteString errors = ByteString.emptyByteString();
      for (BadRecord b : bad) errors = errors.concat(ErrorLines.encode(source, b, base + b.line()));
      return new Encoded(encodedRows, errors, scored.rows(), bad.size());
    });
  }

  /** Errors file first, part file last: a part file under its final name means the partition is done. */
  private CompletionStage<PartitionStats> commit(CompletionStage<StagedWrite> part, CompletionStage<Optional<StagedWrite>> errors,
      CompletionStage<long[]> counts, String partName) {
    return part.thenCombine(errors, Pair::create).thenCombine(counts, Pair::create)
        .thenCompose(done -> {
          StagedWrite p = done.first().first();
          Optional<StagedWrite> x = done.first().second();
          long[] c = done.second();
          CompletionStage<Done> errorsDone = x.isPresent() ? x.get().commit() : CompletableFuture.completedFuture(Done.getInstance());
          return errorsDone.thenCompose(d -> p.commit())
              .thenApply(d -> new PartitionStats(c[0] + c[1], c[0], c[1], partName, p.sha256(), p.bytes()));
        })
        .whenComplete((stats, failure) -> {
          if (failure != null) {
            part.thenAccept(StagedWrite::abort);
            errors.thenAccept(x -> x.ifPresent(StagedWrite::abort));
          }
        });
  }
}
