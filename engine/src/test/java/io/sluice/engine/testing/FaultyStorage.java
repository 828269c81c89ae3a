package io.sluice.engine.testing;

import io.sluice.connectors.storage.StagedWrite;
import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StoredObject;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** A real store that fails chosen reads of input files midway and chosen part-file writes, to inject storage faults. */
public final class FaultyStorage implements Storage {
  private final Storage delegate;
  private final Set<Integer> failingReads;
  private final Set<Integer> failingWrites;
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicInteger writes = new AtomicInteger();

  /** Fails the reads of {@code .csv} files and the part-file writes with these 1-based sequence numbers. */
  public FaultyStorage(Storage delegate, Set<Integer> failingReads, Set<Integer> failingWrites) {
    this.delegate = delegate;
    this.failingReads = failingReads;
    this.failingWrites = failingWrites;
  }

  @Override
  public CompletionStage<List<StoredObject>> list(URI location) {
    return delegate.list(location);
  }

  @Override
  public CompletionStage<List<StoredObject>> listLeftovers(URI folder) {
    return delegate.listLeftovers(folder);
  }

  /** A failing read delivers its first chunk, then breaks, as a dropped connection would. */
  @Override
  public Source<ByteString, NotUsed> read(StoredObject object, long offset) {
    Source<ByteString, NotUsed> source = delegate.read(object, offset);
    if (!object.name().endsWith(".csv") || !failingReads.contains(reads.incrementAndGet())) return source;
    return source.take(1).concat(Source.failed(new IOException("injected read failure in " + object.name())));
  }

  /** A failing write takes its first chunk, then breaks. */
  @Override
  public Sink<ByteString, CompletionStage<StagedWrite>> write(URI target) {
    boolean part = target.getPath().matches(".*/part-\\d+\\.\\w+$") && !target.getPath().contains("/_errors/");
    if (!part || !failingWrites.contains(writes.incrementAndGet())) return delegate.write(target);
    AtomicInteger chunks = new AtomicInteger();
    return Flow.of(ByteString.class).map(b -> {
      if (chunks.incrementAndGet() > 1) throw new IOException("injected write failure in " + target.getPath());
      return b;
    }).toMat(delegate.write(target), Keep.right());
  }

  @Override
  public CompletionStage<Done> delete(URI target) {
    return delegate.delete(target);
  }
}
