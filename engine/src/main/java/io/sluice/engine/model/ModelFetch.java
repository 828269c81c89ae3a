package io.sluice.engine.model;

import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StorageException;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.engine.Failures;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.StreamLimitReachedException;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/** Reads a model file from any store and loads it, off the caller's thread. */
public final class ModelFetch {
  private static final long MAX_MODEL_BYTES = Integer.MAX_VALUE - 64;

  private ModelFetch() {}

  /**
   * The model at {@code uri} to run, loaded on {@code blocking} (parsing is slow, blocking work), or taken over
   * from the run's preparation on this node when it loaded the same bytes with the same settings.
   */
  public static CompletionStage<LoadedModel> load(
      Storage storage, URI uri, ModelSettings settings, Materializer materializer, Executor blocking) {
    return bytes(storage, uri, materializer).thenApplyAsync(bytes -> {
      String sha256 = ModelLoader.sha256(bytes);
      LoadedModel prepared = ModelHandOver.take(sha256, settings);
      return prepared != null ? prepared : ModelLoader.load(bytes, settings, sha256);
    }, blocking);
  }

  /** The model at {@code uri} to check a job against; it is then offered to the first model pool that needs it. */
  public static CompletionStage<LoadedModel> loadToCheck(
      Storage storage, URI uri, ModelSettings settings, Materializer materializer, Executor blocking) {
    return bytes(storage, uri, materializer).thenApplyAsync(bytes -> {
      String sha256 = ModelLoader.sha256(bytes);
      LoadedModel offered = ModelHandOver.peek(sha256, settings);
      if (offered != null) return offered;
      LoadedModel loaded = ModelLoader.load(bytes, settings, sha256);
      ModelHandOver.offer(loaded, settings);
      return loaded;
    }, blocking);
  }

  private static CompletionStage<byte[]> bytes(Storage storage, URI uri, Materializer materializer) {
    return storage.list(uri).thenCompose(found -> read(storage, uri, found, materializer));
  }

  private static CompletionStage<byte[]> read(Storage storage, URI uri, List<StoredObject> found, Materializer m) {
    if (found.isEmpty()) throw new StorageException(uri, "no model file there");
    if (found.size() > 1) throw new StorageException(uri, "names " + found.size() + " files, not one model file");
    return read(storage, uri, found.get(0), MAX_MODEL_BYTES, m);
  }

  /**
   * The model's bytes, counted as they arrive: a store may report any size (or none), so the
   * limit holds on what is read, and a stream that goes on past it fails instead of filling memory.
   */
  static CompletionStage<byte[]> read(Storage storage, URI uri, StoredObject model, long limit, Materializer m) {
    String tooLarge = "model file larger than " + limit + " bytes, the most a model may have";
    if (model.size() > limit) throw new StorageException(uri, tooLarge);
    return storage.read(model, 0)
        .limitWeighted(limit, chunk -> (long) chunk.size())
        .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), m)
        .handle((bytes, failure) -> {
          if (failure == null) return bytes.toArray();
          if (Failures.unwrap(failure) instanceof StreamLimitReachedException) throw new StorageException(uri, tooLarge);
          throw failure instanceof CompletionException c ? c : new CompletionException(failure);
        });
  }
}
