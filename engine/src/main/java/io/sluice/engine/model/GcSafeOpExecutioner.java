package io.sluice.engine.model;

import java.lang.ref.Reference;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BroadcastOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.IndexAccumulation;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.RandomOp;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.impl.summarystats.Variance;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ND4J's CPU op executioner, keeping each op reachable until its native call has returned.
 *
 * <p>Why: ND4J 1.0.0-M2.1 hands the native code buffers that belong to the op object itself (a broadcast's list
 * of dimensions, a scalar op's scalar, extra arguments) and then holds no reference to the op. A garbage
 * collection at that moment lets ND4J's deallocator thread free those buffers while the native code reads them,
 * and the JVM dies with SIGSEGV in {@code sd::DataBuffer::primary()}. Any forward pass can meet this (DL4J's own
 * {@code output()} adds a layer's bias with such a broadcast), and a small heap under a busy input meets it within
 * seconds. Every entry point below runs ND4J's own code unchanged, then fences the op and its context.
 */
public final class GcSafeOpExecutioner extends NativeOpExecutioner {
  /** The key under which ND4J reads its executioner class; system properties override the backend's file. */
  private static final String ND4J_KEY = "opexec";
  private static final Logger LOG = LoggerFactory.getLogger(GcSafeOpExecutioner.class);
  private static final AtomicBoolean CHECKED = new AtomicBoolean();

  /** Makes ND4J use this executioner, when called before ND4J's first use in this JVM; a user's own setting wins. */
  public static void install() {
    if (System.getProperty(ND4J_KEY) == null) System.setProperty(ND4J_KEY, GcSafeOpExecutioner.class.getName());
  }

  /** Whether ND4J runs its ops through this executioner. */
  static boolean installed() {
    return Nd4j.getExecutioner() instanceof GcSafeOpExecutioner;
  }

  /** Warns once when ND4J was set up before {@link #install()} ran, as when an embedding program used it first. */
  static void warnIfNotInstalled() {
    if (!CHECKED.getAndSet(true) && !installed()) {
      LOG.warn("ND4J runs ops through {}, not {}: a garbage collection during an op can crash the JVM; call "
          + "GcSafeOpExecutioner.install() before using ND4J", Nd4j.getExecutioner().getClass().getName(),
          GcSafeOpExecutioner.class.getName());
    }
  }

  // Each entry point as ND4J's, with the op (and its context) fenced until the call has returned.
  @Override
  public INDArray exec(Op op) {
    return fenced(op, null, () -> super.exec(op));
  }

  @Override
  public INDArray exec(Op op, OpContext context) {
    return fenced(op, context, () -> super.exec(op, context));
  }

  @Override
  public INDArray exec(IndexAccumulation op) {
    return fenced(op, null, () -> super.exec(op));
  }

  @Override
  public INDArray exec(IndexAccumulation op, OpContext context) {
    return fenced(op, context, () -> super.exec(op, context));
  }

  @Override
  public INDArray exec(Variance op) {
    return fenced(op, null, () -> super.exec(op));
  }

  @Override
  public INDArray exec(ReduceOp op) {
    return fenced(op, null, () -> super.exec(op));
  }

  @Override
  public INDArray exec(ReduceOp op, OpContext context) {
    return fenced(op, context, () -> super.exec(op, context));
  }

  @Override
  public INDArray exec(ScalarOp op) {
    return fenced(op, null, () -> super.exec(op));
  }

  @Override
  public INDArray exec(ScalarOp op, OpContext context) {
    return fenced(op, context, () -> super.exec(op, context));
  }

  @Override
  public INDArray exec(BroadcastOp op) {
    return fenced(op, null, () -> super.exec(op));
  }

  @Override
  public INDArray exec(BroadcastOp op, OpContext context) {
    return fenced(op, context, () -> super.exec(op, context));
  }

  @Override
  public INDArray exec(RandomOp op) {
    return fenced(op, null, () -> super.exec(op));
  }

  @Override
  public INDArray exec(RandomOp op, Random random) {
    return fenced(op, null, () -> super.exec(op, random));
  }

  @Override
  public INDArray exec(RandomOp op, OpContext context, Random random) {
    return fenced(op, context, () -> super.exec(op, context, random));
  }

  @Override
  public INDArray[] exec(CustomOp op) {
    return fenced(op, null, () -> super.exec(op));
  }

  @Override
  public INDArray[] exec(CustomOp op, OpContext context) {
    return fenced(op, context, () -> super.exec(op, context));
  }

  /** What {@code call} returns, with {@code op} and {@code context} reachable until it has returned. */
  private static <T> T fenced(Object op, OpContext context, Supplier<T> call) {
    try {
      return call.get();
    } finally {
      Reference.reachabilityFence(op);
      Reference.reachabilityFence(context);
    }
  }
}
