package io.sluice.engine.model;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Shares the cores among a node's model replicas: each replica's BLAS and ND4J calls get the cores divided by the
 * replicas, one at least, so that replicas do not oversubscribe the cores that parsing and writing also need.
 *
 * <p>Why: on batches of a thousand rows a matrix product split across threads spends much of its time waking and
 * joining them, and several replicas each running single-threaded keep every core busy with no such cost. The
 * setting is per process, so the last run to start on a node sets it for all.
 */
public final class NativeThreads {
  private NativeThreads() {}

  /** Sets the native threads per call for {@code replicas} replicas on this node and returns that number. */
  public static int share(int replicas) {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, replicas));
    Nd4j.getEnvironment().setMaxThreads(threads);
    Nd4j.factory().blas().setMaxThreads(threads);
    return threads;
  }
}
