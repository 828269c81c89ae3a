package io.sluice.connectors.storage.ftp;

import com.typesafe.config.Config;
import io.sluice.connectors.storage.StagedWrite;
import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StorageException;
import io.sluice.connectors.storage.StorageFactory;
import io.sluice.connectors.storage.StoreSettings;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.connectors.storage.read.ReadBody;
import io.sluice.connectors.storage.read.ResumableRead;
import io.sluice.connectors.storage.write.SpooledUpload;
import io.sluice.connectors.storage.write.StagingSink;
import io.sluice.connectors.storage.ftp.impl.FtpCall;
import io.sluice.connectors.storage.ftp.impl.FtpConnections;
import io.sluice.connectors.storage.ftp.impl.FtpFiles;
import io.sluice.connectors.storage.ftp.impl.FtpListing;
import io.sluice.connectors.storage.ftp.impl.FtpLocation;
import io.sluice.connectors.storage.ftp.impl.FtpTransfer;
import io.sluice.connectors.storage.ftp.impl.FtpUpload;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * FTP and FTPS servers as a {@link Storage} for {@code ftp://host[:port]/absolute/path} and
 * {@code ftps://...} URIs, over a bounded pool of connections per server; writes go to a hidden
 * temporary file beside the target and are renamed into place on commit.
 */
public final class FtpStorage implements Storage {
  /** Where {@code sluice-ftp.conf} puts the defaults that a job's {@code ftp { }} block overrides. */
  public static final String DEFAULTS_PATH = "sluice.connectors.ftp";

  private final FtpConnections connections;

  private FtpStorage(FtpConnections connections) {
    this.connections = connections;
  }

  /**
   * A store whose blocking calls run on the stream materializer's blocking-IO dispatcher; its idle
   * connections close when the actor system terminates.
   */
  public static FtpStorage create(ClassicActorSystemProvider system, FtpSettings settings) {
    ActorSystem classic = system.classicSystem();
    String dispatcher =
        classic.settings().config().getString("pekko.stream.materializer.blocking-io-dispatcher");
    FtpConnections connections =
        new FtpConnections(settings, classic.dispatchers().lookup(dispatcher));
    classic.registerOnTermination(connections::close);
    return new FtpStorage(connections);
  }

  /**
   * Makes stores from a location's {@code ftp { }} block laid over the system's {@value
   * #DEFAULTS_PATH}, for {@code Storages.with("ftp", ...)} and {@code with("ftps", ...)}. The node's
   * {@code user} and {@code password} are left out: {@code Storages} adds them only for their {@code host}.
   */
  public static StorageFactory factory(ClassicActorSystemProvider system) {
    Config config = system.classicSystem().settings().config();
    return block -> {
      Config merged = config.hasPath(DEFAULTS_PATH)
          ? block.withFallback(StoreSettings.withoutCredentials("ftp", config.getConfig(DEFAULTS_PATH)))
          : block;
      return create(system, FtpSettings.create(merged));
    };
  }

  /** The settings this store connects with. */
  public FtpSettings settings() {
    return connections.settings();
  }

  @Override
  public CompletionStage<List<StoredObject>> list(URI location) {
    return onServer(location, "listing", parsed -> client -> FtpListing.list(client, parsed));
  }

  @Override
  public CompletionStage<List<StoredObject>> listLeftovers(URI folder) {
    return onServer(folder, "listing", parsed -> client -> FtpListing.leftovers(client, parsed));
  }

  @Override
  public Source<ByteString, NotUsed> read(StoredObject object, long offset) {
    FtpLocation location;
    try {
      location = locate(object.uri());
    } catch (StorageException e) {
      return Source.failed(e);
    }
    ReadBody body = new ReadBody() {
      @Override
      public Source<ByteString, ?> openAt(long from) {
        return FtpTransfer.from(connections, location, from);
      }

      @Override
      public boolean mayPassOnRetry(Throwable failure) {
        return FtpTransfer.mayPassOnRetry(failure);
      }

      @Override
      public Throwable failure(String doing, Throwable cause) {
        return connections.failure(location, doing, FtpTransfer.cause(cause));
      }

      @Override
      public String describe(Throwable failure) {
        return connections.describeScrubbed(FtpTransfer.cause(failure));
      }
    };
    return ResumableRead.of(object.uri(), offset, object.size(), body, connections.settings().retries())
        .withAttributes(Attributes.name("ftpRead"));
  }

  @Override
  public Sink<ByteString, CompletionStage<StagedWrite>> write(URI target) {
    FtpLocation location;
    try {
      location = locate(target);
    } catch (StorageException e) {
      return Sink.<ByteString>cancelled().mapMaterializedValue(unused -> CompletableFuture.failedFuture(e));
    }
    if (location.path().equals("/")) {
      StorageException e = new StorageException(target, "cannot write to the root directory itself");
      return Sink.<ByteString>cancelled().mapMaterializedValue(unused -> CompletableFuture.failedFuture(e));
    }
    FtpLocation staged = location;
    // Spooled: an upload holding a connection while its partition reads on another could starve the pool.
    return StagingSink.of(() -> new SpooledUpload(() -> new FtpUpload(connections, staged), connections.blockingIo()))
        .withAttributes(Attributes.name("ftpStagedWrite"));
  }

  @Override
  public CompletionStage<Done> delete(URI target) {
    return onServer(target, "deleting", parsed -> client -> {
      FtpFiles.deleteIfExists(client, parsed.path());
      return Done.getInstance();
    });
  }

  /**
   * The call made for {@code uri}'s location, on a pooled connection to its server; a URI this store cannot serve
   * fails the stage.
   */
  private <T> CompletionStage<T> onServer(URI uri, String doing, Function<FtpLocation, FtpCall<T>> call) {
    try {
      FtpLocation parsed = locate(uri);
      return connections.run(parsed, doing, call.apply(parsed));
    } catch (StorageException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private FtpLocation locate(URI uri) {
    return FtpLocation.parse(uri, connections.settings().implicitTls());
  }
}
