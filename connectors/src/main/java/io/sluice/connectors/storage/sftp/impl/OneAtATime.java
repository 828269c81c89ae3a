package io.sluice.connectors.storage.sftp.impl;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Internal API: runs asynchronous steps strictly one after another; a stream may close or fail a
 * resource while a step on it is still running, and the close must wait for that step.
 */
final class OneAtATime {
  private CompletionStage<?> last = CompletableFuture.completedFuture(null);

  /** Starts {@code step} once every step submitted before it has finished, however it finished. */
  synchronized <T> CompletionStage<T> then(Supplier<CompletionStage<T>> step) {
    CompletionStage<T> next = last.handle((value, failure) -> null).thenCompose(ignored -> step.get());
    last = next;
    return Async.settle(next);
  }
}
