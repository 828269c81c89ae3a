package io.sluice.engine.model;

import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StorageException;
import io.sluice.connectors.storage.StoredObject;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/** Reads a model file from any store and loads it, off the caller's thread. */
public final class ModelFetch {
  private static final long MAX_MODEL_BYTES = Integer.MAX_VALUE - 64;

  private ModelFetch() {}

  /** The model at {@code uri}, loaded on {@code blocking} (DL4J parsing is slow, blocking work). */
  public static CompletionStage<LoadedModel> load(
      Storage storage, URI uri, ModelFormat format, Materializer materializer, Executor blocking) {
    return storage.list(uri)
        .thenCompose(found -> read(storage, uri, found, materializer))
        .thenApplyAsync(bytes -> ModelLoader.load(bytes, format), blocking);
  }

  private static CompletionStage<byte[]> read(Storage storage, URI uri, List<StoredObject> found, Materializer m) {
    if (found.isEmpty()) throw new StorageException(uri, "no model file there");
    if (found.size() > 1) throw new StorageException(uri, "names " + found.size() + " files, not one model file");
    StoredObject model = found.get(0);
    if (model.size() > MAX_MODEL_BYTES) throw new StorageException(uri, "model file larger than 2 GiB");
    return storage.read(model, 0).runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), m)
        .thenApply(ByteString::toArray);
  }
}
