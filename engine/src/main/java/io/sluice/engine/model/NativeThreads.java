package io.sluice.engine.model;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Keeps every model replica's ND4J and BLAS calls on one thread; a node's cores are used by running one replica per
 * core ({@code model-replicas = auto}).
 *
 * <p>Why one thread: a matrix product split over threads sums in another order, so its last bits depend on the
 * thread count, which would make the output depend on the replica count and the node's cores (measured: 2 threads
 * instead of 1 changed the last bits of two thirds of a wide network's rows). It is also faster on batches of a
 * thousand rows, where waking and joining threads costs more than the split saves (1024×64×64: 92 µs on one thread,
 * 195 µs on two).
 *
 * <p>ND4J's element-wise, broadcast and softmax ops split their work over an OpenMP team, whose size is OpenMP's
 * count for the calling thread: that count is kept per thread and starts at the machine's cores, whatever ND4J's and
 * BLAS's own settings say. Left so, every replica thread kept a team of its own, woken and joined for every such op of
 * every forward pass: in a run of 9,589 small partitions a third of all the process's thread wake-ups, and on a
 * machine of n cores n replicas each with a team of n threads. So each forward pass sets that count on its thread
 * first ({@link #onThisThread}), and ND4J's own bound for its split ("master threads") is one as well.
 */
public final class NativeThreads {
  private NativeThreads() {}

  /** Sets one native thread per call for every replica of this process and returns that number. */
  public static int useOne() {
    Nd4j.getEnvironment().setMaxThreads(1);
    Nd4j.getEnvironment().setMaxMasterThreads(1);
    Nd4j.factory().blas().setMaxThreads(1);
    onThisThread();
    return 1;
  }

  /** OpenMP's count for the calling thread: a replica runs on whichever thread its dispatcher gives it. */
  static void onThisThread() {
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
  }
}
