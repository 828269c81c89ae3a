package io.sluice.connectors.storage.sftp.impl;

import io.sluice.connectors.storage.StorageException;
import io.sluice.connectors.storage.sftp.SftpSettings;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Internal API: runs SFTP work with a pooled connection on the blocking dispatcher and turns its
 * failures into {@link StorageException}s that name the location but never the password.
 */
public final class SftpCalls {
  private final SftpSettings settings;
  private final SftpConnectionPool pool;
  private final Executor blocking;

  public SftpCalls(SftpSettings settings, SftpConnectionPool pool, Executor blocking) {
    this.settings = settings;
    this.pool = pool;
    this.blocking = blocking;
  }

  public SftpSettings settings() {
    return settings;
  }

  public SftpConnectionPool pool() {
    return pool;
  }

  public Executor blocking() {
    return blocking;
  }

  /**
   * Runs {@code call} with a connection to {@code location}'s server. A pooled connection may have
   * died while idle, so a network failure of the call itself is tried once more on a fresh one;
   * a failure to connect is not, so that a dead server is reported without delay.
   */
  public <T> CompletionStage<T> withConnection(URI location, String doing, SftpCall<T> call) {
    SftpEndpoint endpoint;
    try {
      endpoint = SftpEndpoint.of(location, settings);
    } catch (RuntimeException e) {
      return Async.failed(e);
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    attempt(endpoint, call).whenComplete((value, failure) -> {
      if (failure == null) {
        result.complete(value);
        return;
      }
      Throwable cause = Async.unwrap(failure);
      if (cause instanceof SftpConnectException || !SftpFailures.retryable(cause)) {
        result.completeExceptionally(failure(location, doing, cause));
        return;
      }
      attempt(endpoint, call).whenComplete((retried, again) -> {
        if (again == null) result.complete(retried);
        else result.completeExceptionally(failure(location, doing, Async.unwrap(again)));
      });
    });
    return result;
  }

  /** The {@link StorageException} for a failure of {@code doing} at {@code location}. */
  public StorageException failure(URI location, String doing, Throwable failure) {
    if (failure instanceof StorageException storage) return storage;
    return new StorageException(
        location, doing + " failed: " + SftpFailures.describe(failure, settings.password()), failure);
  }

  private <T> CompletionStage<T> attempt(SftpEndpoint endpoint, SftpCall<T> call) {
    return pool.acquire(endpoint).thenCompose(connection -> Async.run(blocking, () -> {
      try {
        T value = call.apply(connection.sftp());
        pool.release(connection);
        return value;
      } catch (Exception e) {
        pool.giveBack(connection, e);
        throw e;
      }
    }));
  }
}
