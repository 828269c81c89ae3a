package io.sluice.engine.plan;

import com.typesafe.config.Config;
import io.sluice.connectors.format.ColumnSelection;
import io.sluice.connectors.format.CsvRecordDecoder;
import io.sluice.connectors.format.Header;
import io.sluice.connectors.format.Headers;
import io.sluice.connectors.format.MalformedRecordException;
import io.sluice.connectors.format.RecordFormat;
import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.stores.Storages;
import io.sluice.connectors.storage.StoreSettings;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.engine.Failures;
import io.sluice.engine.job.JobException;
import io.sluice.engine.job.KeySuggestions;
import io.sluice.engine.job.JobSpec;
import io.sluice.engine.job.WriteMode;
import io.sluice.engine.model.LoadedModel;
import io.sluice.engine.model.ModelFetch;
import io.sluice.engine.model.ModelLoadException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.pekko.stream.Materializer;

/**
 * Checks a job against the world before any record is read: lists the input, reads CSV
 * headers and checks the columns, loads the model and checks its width and labels, checks
 * the output location; then cuts the partitions. Every failure is a {@link JobException}
 * naming the key.
 */
public final class JobPreparation {
  /** What a header read expects to need of a file: most headers are far shorter. */
  private static final long HEADER_READ = 64 * 1024;
  /** Header reads in flight at once. */
  private static final int HEADER_READS_IN_FLIGHT = 16;
  private final Storages storages;
  private final Materializer materializer;
  private final Executor blocking;

  public JobPreparation(Storages storages, Materializer materializer, Executor blocking) {
    this.storages = storages;
    this.materializer = materializer;
    this.blocking = blocking;
  }

  /** The prepared run, or a stage failed with a {@link JobException}. */
  public CompletionStage<PreparedRun> prepare(JobSpec job) {
    return prepare(job, true);
  }

  /** As {@link #prepare(JobSpec)}, changing nothing anywhere: a database output's missing tables are not made ({@code validate}). */
  public CompletionStage<PreparedRun> prepareToCheck(JobSpec job) {
    return prepare(job, false);
  }

  private CompletionStage<PreparedRun> prepare(JobSpec job, boolean makeTables) {
    try {
      return checkAll(job, makeTables);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletionStage<PreparedRun> checkAll(JobSpec job, boolean makeTables) {
    boolean jdbcIn = JdbcLocations.isJdbc(job.input().uri());
    boolean jdbcOut = JdbcLocations.isJdbc(job.output().uri());
    CompletionStage<List<StoredObject>> input = jdbcIn ? CompletableFuture.completedFuture(List.of())
        : guard(storage(job.input().uri(), job.input().store(), "job.input.uri").list(job.input().uri()), "job.input.uri")
        .thenApply(files -> {
          if (files.isEmpty()) throw new JobException("job.input.uri", "no input files at " + job.input().uri());
          return files;
        });
    CompletionStage<LoadedModel> model = guard(ModelFetch.loadToCheck(storage(job.model().uri(), job.model().store(), "job.model.uri"),
        job.model().uri(), job.modelSettings(), materializer, blocking), "job.model.uri");
    CompletionStage<List<StoredObject>> output = jdbcOut ? CompletableFuture.completedFuture(List.of()) : checkOutput(job);
    // the carried columns' SQL types, when the input is a database: an output table gets them
    CompletableFuture<List<String>> carriedTypes = new CompletableFuture<>();
    CompletionStage<PreparedRun> prepared = input
        .thenCompose(files -> cutter(job, files, carriedTypes).thenApply(cut -> Map.entry(files, cut)))
        .thenCombine(model, (listing, loaded) -> plan(job, listing.getKey(), listing.getValue(), loaded))
        .thenCombine(output, (run, existing) -> run);
    if (jdbcOut) {
      return prepared.thenCompose(run -> guard(CompletableFuture.supplyAsync(
          () -> JdbcPreparation.output(run, storages, carriedTypes.getNow(null), makeTables), blocking), "job.output.uri"));
    }
    return prepared.thenCompose(run -> job.output().mode() != WriteMode.RESUME ? CompletableFuture.completedFuture(run)
            : guard(new EarlierRun(storage(job.output().uri(), job.output().store(), "job.output.uri"), job.output().uri(),
                materializer).committed(run),
                "job.output.uri").thenApply(run::keeping));
  }

  /**
   * How the input is cut, once the model has been checked: CSV and JSON Lines by bytes (with each CSV file's header
   * read and checked), Parquet along row groups (each footer read and checked).
   */
  private CompletionStage<Supplier<List<Partition>>> cutter(JobSpec job, List<StoredObject> files,
      CompletableFuture<List<String>> carriedTypes) {
    JobSpec.Input in = job.input();
    if (JdbcLocations.isJdbc(in.uri())) {
      return guard(CompletableFuture.supplyAsync(() -> JdbcPreparation.input(job, storages), blocking), "job.input.uri")
          .thenApply(read -> {
            carriedTypes.complete(read.carriedTypes());
            return read::partitions;
          });
    }
    if (in.format() == RecordFormat.PARQUET) {
      return ParquetPreparation.partitions(job, storage(in.uri(), in.store(), "job.input.uri"), files, materializer)
          .thenApply(partitions -> () -> partitions);
    }
    return headers(job, files).thenApply(headers -> () -> Planner.plan(files, in.splitSize(), in.openCost(), in.unsplittable(), headers));
  }

  private PreparedRun plan(JobSpec job, List<StoredObject> files, Supplier<List<Partition>> cut, LoadedModel model) {
    int width = job.input().features().size();
    if (model.inputWidth() >= 0 && model.inputWidth() != width) {
      throw new JobException("job.input.features", "lists " + width + " features but the model ("
          + model.kind() + ") takes " + model.inputWidth());
    }
    List<String> predictionColumns;
    try {
      predictionColumns = model.outputColumns(job.model().output(), job.model().labels());
    } catch (IllegalArgumentException e) {
      throw new JobException("job.model.labels", e.getMessage());
    }
    List<Partition> partitions = cut.get();
    long bytes = files.stream().mapToLong(StoredObject::size).sum();
    return new PreparedRun(job, partitions, files.size(), bytes, model.sha256(), model.kind(),
        model.inputWidth(), predictionColumns, Map.of());
  }

  /** Each CSV file's header, checked against the job's columns; none for JSONL or header-less CSV. */
  private CompletionStage<Map<String, Header>> headers(JobSpec job, List<StoredObject> files) {
    JobSpec.Input in = job.input();
    ColumnSelection columns = new ColumnSelection(in.features(), in.carriedColumns());
    if (in.format() != RecordFormat.CSV || !in.csv().header()) {
      if (in.format() == RecordFormat.CSV) checkColumns(() -> CsvRecordDecoder.create(in.csv(), null, columns), "job.input.features");
      return CompletableFuture.completedFuture(Map.of());
    }
    Storage storage = storage(in.uri(), in.store(), "job.input.uri");
    // Each header one call for a file's first bytes, with no stream of its own.
    return InputOrder.map(files, HEADER_READS_IN_FLIGHT,
            file -> guard(checkedHeader(storage, file, in, columns), file.uri() + ": header"), materializer)
        .thenApply(read -> {
          Map<String, Header> headers = new LinkedHashMap<>();
          for (int i = 0; i < files.size(); i++) headers.put(files.get(i).uri().toString(), read.get(i));
          return headers;
        });
  }

  private CompletionStage<Header> checkedHeader(Storage storage, StoredObject file, JobSpec.Input in,
      ColumnSelection columns) {
    // A header is one line: most are in a file's first 64 KiB, read in one call; a longer one is read as a stream.
    int expected = (int) Math.min(file.size(), HEADER_READ);
    String uri = file.uri().toString();
    return storage.readBytes(file, 0, expected, materializer)
        .thenCompose(start -> {
          try {
            Optional<Header> header = Headers.headerIn(start, start.size() < expected || expected == file.size(),
                in.csv(), in.maxLineLength());
            return header.isPresent() ? CompletableFuture.completedFuture(header.get())
                : Headers.header(storage.read(file, 0), in.csv(), in.maxLineLength(), materializer);
          } catch (MalformedRecordException e) {
            return CompletableFuture.failedFuture(e);
          }
        })
        .thenApply(header -> {
          checkInHeader(in, header.columns(), uri);
          checkColumns(() -> CsvRecordDecoder.create(in.csv(), header.columns(), columns), uri);
          return header;
        });
  }

  /**
   * Every column the job names that {@code header} lacks, each under its own key and with the
   * header's closest name: "job.input.features: 'tenure' is not in the header of file:///...; did
   * you mean 'tenure_months'?".
   */
  private static void checkInHeader(JobSpec.Input in, List<String> header, String file) {
    List<JobException> missing = new ArrayList<>();
    Map<String, List<String>> named = new LinkedHashMap<>();
    if (in.idColumn() != null) named.put("job.input.id-column", List.of(in.idColumn()));
    named.put("job.input.features", in.features());
    named.put("job.input.passthrough", in.passthrough());
    named.forEach((key, columns) -> {
      for (String column : columns) {
        if (header.contains(column)) continue;
        String near = KeySuggestions.closest(column, header);
        missing.add(new JobException(key, "'" + column + "' is not in the header of " + file
            + (near == null ? " (its columns: " + String.join(", ", header) + ")" : "; did you mean '" + near + "'?")));
      }
    });
    if (!missing.isEmpty()) throw JobException.of(missing);
  }

  private static void checkColumns(Runnable createDecoder, String where) {
    try {
      createDecoder.run();
    } catch (IllegalArgumentException e) {
      throw new JobException(where, e.getMessage());
    }
  }

  private CompletionStage<List<StoredObject>> checkOutput(JobSpec job) {
    Storage storage = storage(job.output().uri(), job.output().store(), "job.output.uri");
    return guard(OutputLocation.existing(storage, job.output().uri()), "job.output.uri").thenApply(found -> {
      if (!found.isEmpty() && job.output().mode() == WriteMode.ERROR_IF_EXISTS) {
        String names = found.stream().limit(3).map(StoredObject::name).collect(Collectors.joining(", "));
        throw new JobException("job.output.uri", job.output().uri() + " already holds Sluice output (" + names
            + "); set job.output.mode = overwrite or resume");
      }
      return found;
    });
  }

  private Storage storage(URI uri, Config settings, String key) {
    try {
      return storages.forUri(uri, settings);
    } catch (StoreSettings.SettingException e) {
      // job.input.ftp.password-secret: no secret named 'partner-ftp' on this node (never a value)
      throw new JobException(key.substring(0, key.lastIndexOf('.')) + "." + e.key(), e.problem());
    } catch (RuntimeException e) {
      throw new JobException(key, e.getMessage());
    }
  }

  /**
   * Any failure of a stage becomes a JobException naming {@code key}, unless it already is one or is a model that
   * does not fit another key of the job (e.g. {@code job.model.onnx.input}).
   */
  private static <T> CompletionStage<T> guard(CompletionStage<T> stage, String key) {
    return stage.exceptionally(e -> {
      if (Failures.unwrap(e) instanceof JobException je) throw je;
      if (Failures.unwrap(e) instanceof ModelLoadException m && m.key() != null) throw new JobException(m.key(), m.getMessage());
      throw new JobException(key, Failures.message(e));
    });
  }
}
