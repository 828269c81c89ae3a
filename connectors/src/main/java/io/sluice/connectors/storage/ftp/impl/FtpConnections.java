package io.sluice.connectors.storage.ftp.impl;

import io.sluice.connectors.storage.StorageException;
import io.sluice.connectors.storage.ftp.FtpSettings;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The connection pools of one store, one per server, and the way to run a blocking call on a
 * pooled connection with failures turned into {@link StorageException}s.
 */
public final class FtpConnections {
  private final FtpSettings settings;
  private final FtpConnector connector;
  private final Executor blockingIo;
  private final Map<FtpEndpoint, FtpConnectionPool> pools = new ConcurrentHashMap<>();

  public FtpConnections(FtpSettings settings, Executor blockingIo) {
    this.settings = settings;
    this.connector = new FtpConnector(settings);
    this.blockingIo = blockingIo;
  }

  public FtpSettings settings() {
    return settings;
  }

  public Executor blockingIo() {
    return blockingIo;
  }

  /** The pool of connections to {@code endpoint}. */
  public FtpConnectionPool pool(FtpEndpoint endpoint) {
    return pools.computeIfAbsent(
        endpoint,
        e -> new FtpConnectionPool(e, connector, settings.maxConnections(), blockingIo));
  }

  /**
   * Runs {@code call} on a connection to {@code location}'s server, off the caller's thread; the
   * connection goes back to the pool unless the call broke it.
   */
  public <T> CompletionStage<T> run(FtpLocation location, String doing, FtpCall<T> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    pool(location.endpoint())
        .acquire()
        .whenComplete(
            (lease, acquireFailure) -> {
              if (acquireFailure != null) {
                result.completeExceptionally(failure(location, doing, acquireFailure));
                return;
              }
              blockingIo.execute(() -> runOn(lease, location, doing, call, result));
            });
    return result;
  }

  /**
   * Borrows a connection to {@code location}'s server and runs {@code call} on it off the caller's
   * thread, keeping the lease for the caller when the call succeeds: the start of a transfer that
   * goes on after the call (a read's RETR, an upload's STOR). When the call fails, the connection
   * goes back to the pool after a refusal (it is still in step) and is closed otherwise.
   */
  public <T> CompletionStage<T> lease(FtpLocation location, LeasedCall<T> call) {
    return pool(location.endpoint()).acquire().thenApplyAsync(lease -> {
      try {
        return call.apply(lease);
      } catch (FtpRefusedException e) {
        lease.release();
        throw new java.util.concurrent.CompletionException(e);
      } catch (IOException | RuntimeException e) {
        lease.discard();
        throw new java.util.concurrent.CompletionException(e);
      }
    }, blockingIo);
  }

  /** Blocking work that starts a transfer on a borrowed connection and keeps the lease. */
  @FunctionalInterface
  public interface LeasedCall<T> {
    T apply(FtpLease lease) throws IOException;
  }

  private <T> void runOn(
      FtpLease lease, FtpLocation location, String doing, FtpCall<T> call, CompletableFuture<T> result) {
    try {
      T value = call.apply(lease.client());
      lease.release();
      result.complete(value);
    } catch (FtpRefusedException | StorageException e) {
      lease.release();
      result.completeExceptionally(failure(location, doing, e));
    } catch (Throwable e) {
      lease.discard();
      result.completeExceptionally(failure(location, doing, e));
    }
  }

  /** A {@link StorageException} naming the location and the problem, never the password. */
  public StorageException failure(FtpLocation location, String doing, Throwable cause) {
    if (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof StorageException storage) return storage;
    return new StorageException(location.uri(), doing + " failed: " + connector.scrub(describe(cause)), cause);
  }

  /** Our own messages read as they are; anything else keeps its type, which often says most. */
  private static String describe(Throwable cause) {
    boolean ours = cause.getClass() == IOException.class || cause instanceof FtpRefusedException;
    return ours ? cause.getMessage() : cause.toString();
  }

  /** Closes every idle connection; called when the actor system terminates. */
  public void close() {
    pools.values().forEach(FtpConnectionPool::close);
  }
}
