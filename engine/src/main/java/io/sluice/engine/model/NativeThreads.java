package io.sluice.engine.model;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Keeps every model replica's ND4J and BLAS calls on one thread; a node's cores are used by running one replica per
 * core ({@code model-replicas = auto}).
 *
 * <p>Why one thread: a matrix product split over threads sums in another order, so its last bits depend on the
 * thread count, which would make the output depend on the replica count and the node's cores (measured: 2 threads
 * instead of 1 changed the last bits of two thirds of a wide network's rows). It is also faster on batches of a
 * thousand rows, where waking and joining threads costs more than the split saves (1024×64×64: 92 µs on one thread,
 * 195 µs on two). The setting is per process.
 */
public final class NativeThreads {
  private NativeThreads() {}

  /** Sets one native thread per call for every replica of this process and returns that number. */
  public static int useOne() {
    Nd4j.getEnvironment().setMaxThreads(1);
    Nd4j.factory().blas().setMaxThreads(1);
    return 1;
  }
}
