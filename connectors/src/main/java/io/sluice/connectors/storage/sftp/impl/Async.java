package io.sluice.connectors.storage.sftp.impl;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Internal API: small helpers for {@link CompletionStage}s that fail with the exception itself,
 * not wrapped in a {@link CompletionException}, so that callers see the {@code StorageException}.
 */
public final class Async {
  private Async() {}

  /** Runs {@code call} on {@code executor}. */
  public static <T> CompletionStage<T> run(Executor executor, IoCall<T> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    executor.execute(() -> {
      try {
        result.complete(call.call());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  /** The same outcome as {@code stage}, with a wrapped failure unwrapped. */
  public static <T> CompletionStage<T> settle(CompletionStage<T> stage) {
    CompletableFuture<T> result = new CompletableFuture<>();
    stage.whenComplete((value, failure) -> {
      if (failure == null) result.complete(value);
      else result.completeExceptionally(unwrap(failure));
    });
    return result;
  }

  /** The cause a {@link CompletionException} or {@link ExecutionException} carries. */
  public static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** Completes after {@code delay}, continuing on {@code executor}. */
  public static CompletionStage<Void> after(Duration delay, Executor executor) {
    return CompletableFuture.runAsync(
        () -> {}, CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS, executor));
  }

  public static <T> CompletionStage<T> failed(Throwable failure) {
    return CompletableFuture.failedFuture(failure);
  }
}
