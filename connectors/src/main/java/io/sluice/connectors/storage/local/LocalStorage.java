package io.sluice.connectors.storage.local;

import io.sluice.connectors.storage.StagedWrite;
import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.connectors.storage.StorageException;
import io.sluice.connectors.storage.write.StagingSink;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The local filesystem as a {@link Storage} for absolute {@code file:} URIs; writes go to a hidden
 * temporary file beside the target and are renamed into place on commit.
 */
public final class LocalStorage implements Storage {
  private static final int CHUNK_SIZE = 64 * 1024;
  /** Reads expected to be larger stream through {@code FileIO}, whose read-ahead then pays for itself. */
  private static final long SIZED_READ_LIMIT = 1024 * 1024;

  private final BlockingFileCalls blocking;

  private LocalStorage(BlockingFileCalls blocking) {
    this.blocking = blocking;
  }

  /** A local store whose blocking calls run on the stream materializer's blocking-IO dispatcher. */
  public static LocalStorage create(ClassicActorSystemProvider system) {
    ActorSystem classic = system.classicSystem();
    String dispatcher =
        classic.settings().config().getString("pekko.stream.materializer.blocking-io-dispatcher");
    return new LocalStorage(new BlockingFileCalls(classic.dispatchers().lookup(dispatcher)));
  }

  @Override
  public CompletionStage<List<StoredObject>> list(URI location) {
    return blocking.run(
        location, "listing", () -> LocalListing.list(LocalPaths.pathText(location)));
  }

  @Override
  public CompletionStage<List<StoredObject>> listLeftovers(URI folder) {
    return blocking.run(folder, "listing", () -> LocalListing.leftovers(LocalPaths.of(folder)));
  }

  @Override
  public Source<ByteString, NotUsed> read(StoredObject object, long offset) {
    return FileIO.fromPath(LocalPaths.of(object.uri()), CHUNK_SIZE, offset)
        .mapMaterializedValue(io -> NotUsed.getInstance());
  }

  @Override
  public Source<ByteString, NotUsed> read(StoredObject object, long offset, long expected) {
    if (expected < 0 || expected > SIZED_READ_LIMIT) return read(object, offset);
    return new SizedRead(object.uri(), LocalPaths.of(object.uri()), blocking, CHUNK_SIZE).from(offset, (int) expected);
  }

  @Override
  public CompletionStage<ByteString> readBytes(StoredObject object, long offset, int length, Materializer materializer) {
    return blocking.run(object.uri(), "reading", () -> SizedRead.readAt(LocalPaths.of(object.uri()), offset, length));
  }

  @Override
  public Sink<ByteString, CompletionStage<StagedWrite>> write(URI target) {
    Path path;
    try {
      path = LocalPaths.of(target);
    } catch (StorageException e) {
      return Sink.<ByteString>cancelled().mapMaterializedValue(unused -> CompletableFuture.failedFuture(e));
    }
    // No actor of its own on the I/O dispatcher: its calls go there one by one (a small partition's part file
    // would otherwise start an actor for one chunk).
    return StagingSink.of(() -> new LocalUpload(target, path, blocking)).withAttributes(Attributes.name("localStagedWrite"));
  }

  @Override
  public CompletionStage<Done> delete(URI target) {
    return blocking.run(
        target,
        "deleting",
        () -> {
          Files.deleteIfExists(LocalPaths.of(target));
          return Done.getInstance();
        });
  }
}
