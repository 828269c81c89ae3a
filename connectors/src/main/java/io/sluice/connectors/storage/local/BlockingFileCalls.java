package io.sluice.connectors.storage.local;

import io.sluice.connectors.storage.StorageException;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Runs filesystem calls on the blocking-IO dispatcher, turning their failures into {@link
 * StorageException}s.
 */
final class BlockingFileCalls {
  private final Executor blockingIo;

  BlockingFileCalls(Executor blockingIo) {
    this.blockingIo = blockingIo;
  }

  /**
   * Runs {@code call} off the caller's thread; a failure names {@code location} and what was being
   * done.
   */
  <T> CompletionStage<T> run(URI location, String doing, Callable<T> call) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return call.call();
          } catch (StorageException e) {
            throw e;
          } catch (Exception e) {
            throw new StorageException(location, doing + " failed: " + e, e);
          }
        },
        blockingIo);
  }
}
