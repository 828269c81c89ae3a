package io.sluice.engine.cli;

/**
 * The JDK's common pool on a machine with one or two cores has a parallelism of one, and then every
 * {@code CompletableFuture} callback that asks for the default executor runs on a new thread of its own
 * ({@code ThreadPerTaskExecutor}). Scala's future converters, behind every {@code CompletionStage} that Pekko
 * hands out (a stream's materialized value, an {@code ask}), ask for it on every {@code thenApply}: on two cores a
 * run of 10,000 partitions started some 30,000 threads (seen with JFR's {@code jdk.ThreadStart}).
 */
final class CommonPool {
  static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private CommonPool() {}

  /** Before anything touches the common pool, which reads the property once; a value the user set is kept. */
  static void atLeastTwoThreads() {
    if (System.getProperty(PARALLELISM) == null && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(PARALLELISM, "2");
    }
  }
}
