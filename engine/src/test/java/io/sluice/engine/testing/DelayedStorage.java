package io.sluice.engine.testing;

import io.sluice.connectors.storage.StagedWrite;
import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StoredObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** A real store whose part-file writes start late, to make a node slow or a run long; counts those writes. */
public final class DelayedStorage implements Storage {
  private final Storage delegate;
  private final Duration delay;
  private final AtomicInteger partFiles = new AtomicInteger();

  public DelayedStorage(Storage delegate, Duration delay) {
    this.delegate = delegate;
    this.delay = delay;
  }

  /** How many part files were written through this store. */
  public int partFilesWritten() {
    return partFiles.get();
  }

  @Override
  public CompletionStage<List<StoredObject>> list(URI location) {
    return delegate.list(location);
  }

  @Override
  public CompletionStage<List<StoredObject>> listLeftovers(URI folder) {
    return delegate.listLeftovers(folder);
  }

  @Override
  public Source<ByteString, NotUsed> read(StoredObject object, long offset) {
    return delegate.read(object, offset);
  }

  @Override
  public Sink<ByteString, CompletionStage<StagedWrite>> write(URI target) {
    if (!target.getPath().matches(".*/part-\\d+\\.\\w+$") || target.getPath().contains("/_errors/")) {
      return delegate.write(target);
    }
    partFiles.incrementAndGet();
    if (delay.isZero()) return delegate.write(target);
    return Flow.of(ByteString.class).initialDelay(delay).toMat(delegate.write(target), Keep.right());
  }

  @Override
  public CompletionStage<Done> delete(URI target) {
    return delegate.delete(target);
  }
}
