package io.sluice.engine.bench;

import io.sluice.connectors.format.ColumnSelection;
import io.sluice.connectors.parquet.ParquetInput;
import io.sluice.connectors.parquet.ReadCount;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.connectors.storage.local.LocalStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;

/**
 * The engine's Parquet reading alone: the workload's Parquet file through {@link ParquetInput#batches} (footer,
 * pages, decoding into batches of 1024 rows with the id as text), no model and no output, as one partition on one
 * thread. Set beside {@code read+parse+write alone} it shows what Parquet can save on decoding.
 */
final class ParquetDecodeRate {
  private ParquetDecodeRate() {}

  static double of(Path parquet, int features) throws IOException, InterruptedException {
    ActorSystem system = ActorSystem.create("bench-parquet-decode");
    try {
      Materializer materializer = Materializer.createMaterializer(system);
      StoredObject file = new StoredObject(parquet.toUri(), Files.size(parquet));
      ColumnSelection columns = new ColumnSelection(IntStream.range(0, features).mapToObj(f -> "f" + f).toList(), List.of("id"));
      long start = System.nanoTime();
      long rows = ParquetInput.batches(LocalStorage.create(system), file, 0, file.size(), columns, HandLoop.BATCH,
              materializer, new ReadCount(), null)
          .runFold(0L, (n, batch) -> n + batch.good().rows, materializer).toCompletableFuture().get();
      return rows / ((System.nanoTime() - start) / 1e9);
    } catch (ExecutionException e) {
      throw new IOException("reading " + parquet, e.getCause());
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }
}
