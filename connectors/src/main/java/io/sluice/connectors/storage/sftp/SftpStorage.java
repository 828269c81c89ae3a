package io.sluice.connectors.storage.sftp;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.connectors.storage.StagedWrite;
import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StorageFactory;
import io.sluice.connectors.storage.StoreSettings;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.connectors.storage.read.ReadBody;
import io.sluice.connectors.storage.read.ResumableRead;
import io.sluice.connectors.storage.write.SpooledUpload;
import io.sluice.connectors.storage.write.StagingSink;
import io.sluice.connectors.storage.sftp.impl.Async;
import io.sluice.connectors.storage.sftp.impl.SftpFailures;
import io.sluice.connectors.storage.sftp.impl.SftpFileRead;
import io.sluice.connectors.storage.sftp.impl.SftpCall;
import io.sluice.connectors.storage.sftp.impl.SftpCalls;
import io.sluice.connectors.storage.sftp.impl.SftpConnectionPool;
import io.sluice.connectors.storage.sftp.impl.SftpConnector;
import io.sluice.connectors.storage.sftp.impl.SftpFiles;
import io.sluice.connectors.storage.sftp.impl.SftpListing;
import io.sluice.connectors.storage.sftp.impl.SftpLocations;
import io.sluice.connectors.storage.sftp.impl.SftpUpload;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.event.Logging;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * SFTP servers as a {@link Storage} for {@code sftp://host[:port]/absolute/path} URIs, on sshj:
 * host keys checked against known_hosts, a bounded pool of logged-in connections per host and
 * user, reads that reconnect and resume at the right byte, and writes staged in a hidden
 * temporary file that commit renames onto the target.
 */
public final class SftpStorage implements Storage, AutoCloseable {
  /** sshj blocks on every call; the default dispatcher must never wait for a server. */
  static final String BLOCKING_DISPATCHER = "pekko.actor.default-blocking-io-dispatcher";
  static final String DEFAULTS_PATH = "sluice.connectors.sftp";

  private final SftpCalls calls;
  private final LoggingAdapter log;

  private SftpStorage(SftpCalls calls, LoggingAdapter log) {
    this.calls = calls;
    this.log = log;
  }

  /**
   * A store logging in with {@code settings}; its connections close when the actor system terminates
   * (or on {@link #close()}).
   *
   * @throws IllegalArgumentException naming {@code sftp.private-key} when the key cannot be loaded
   */
  public static SftpStorage create(ClassicActorSystemProvider system, SftpSettings settings) {
    ActorSystem classic = system.classicSystem();
    LoggingAdapter log = Logging.getLogger(classic, SftpStorage.class);
    Executor blocking = classic.dispatchers().lookup(BLOCKING_DISPATCHER);
    SftpConnectionPool pool =
        new SftpConnectionPool(SftpConnector.create(settings, log), settings.maxConnections(), blocking);
    classic.registerOnTermination(pool::close);
    return new SftpStorage(new SftpCalls(settings, pool, blocking), log);
  }

  /**
   * A factory for {@code Storages}: each location's {@code sftp { }} block over the system's
   * {@code sluice.connectors.sftp} defaults, when the configuration has them, less the node's {@code user},
   * {@code password} and {@code private-key}: {@code Storages} adds those only for their {@code host}.
   */
  public static StorageFactory factory(ClassicActorSystemProvider system) {
    Config config = system.classicSystem().settings().config();
    Config defaults = config.hasPath(DEFAULTS_PATH)
        ? StoreSettings.withoutCredentials("sftp", config.getConfig(DEFAULTS_PATH))
        : ConfigFactory.empty();
    return block -> create(system, SftpSettings.create(block.withFallback(defaults)));
  }

  /** The settings this store logs in with. */
  public SftpSettings settings() {
    return calls.settings();
  }

  @Override
  public CompletionStage<List<StoredObject>> list(URI location) {
    return onServer(location, "listing", sftp -> SftpListing.list(sftp, location));
  }

  @Override
  public CompletionStage<List<StoredObject>> listLeftovers(URI folder) {
    return onServer(folder, "listing", sftp -> SftpListing.leftovers(sftp, folder));
  }

  /** {@code call} on a pooled connection to {@code uri}'s server; a URI this store cannot serve fails the stage. */
  private <T> CompletionStage<T> onServer(URI uri, String doing, SftpCall<T> call) {
    try {
      SftpLocations.path(uri);
    } catch (RuntimeException e) {
      return Async.failed(e);
    }
    return calls.withConnection(uri, doing, call);
  }

  @Override
  public Source<ByteString, NotUsed> read(StoredObject object, long offset) {
    ReadBody body = new ReadBody() {
      @Override
      public Source<ByteString, ?> openAt(long from) {
        return SftpFileRead.from(calls, object.uri(), from);
      }

      @Override
      public boolean mayPassOnRetry(Throwable failure) {
        return SftpFailures.retryable(Async.unwrap(failure));
      }

      @Override
      public Throwable failure(String doing, Throwable cause) {
        return calls.failure(object.uri(), doing, Async.unwrap(cause));
      }

      @Override
      public String describe(Throwable failure) {
        return SftpFailures.describe(Async.unwrap(failure), calls.settings().password());
      }
    };
    return ResumableRead.of(object.uri(), offset, object.size(), body, calls.settings().retries());
  }

  @Override
  public Sink<ByteString, CompletionStage<StagedWrite>> write(URI target) {
    // Spooled: an upload holding a connection while its partition reads on another could starve the pool.
    return StagingSink.of(() -> new SpooledUpload(() -> new SftpUpload(target, calls, log), calls.blocking()));
  }

  @Override
  public CompletionStage<Done> delete(URI target) {
    return onServer(target, "deleting", sftp -> {
      SftpFiles.removeIfExists(sftp, SftpLocations.path(target));
      return Done.getInstance();
    });
  }

  /** Closes the idle pooled connections; connections in use close when their streams end. */
  @Override
  public void close() {
    calls.pool().close();
  }
}
