package io.sluice.engine.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A program that predicts with replicas of two models on several threads while another thread fills the heap,
 * so that garbage collections land during native ops; {@link GcPressureIT} runs it in a JVM of its own.
 *
 * <p>Usage: {@code GcPressureRun DENSE_ZIP GRAPH_ZIP SECONDS}. Exits 0 after SECONDS, 3 when ND4J does not run
 * its ops through {@link GcSafeOpExecutioner}; a crash is the JVM's own exit status.
 */
public final class GcPressureRun {
  private GcPressureRun() {}

  public static void main(String[] args) throws Exception {
    // The first use of the engine's model code, as in a real run: loading installs the executioner.
    LoadedModel dense = ModelLoader.load(Files.readAllBytes(Path.of(args[0])), ModelFormat.AUTO);
    if (!GcSafeOpExecutioner.installed()) {
      System.out.println("ND4J executioner is not GcSafeOpExecutioner");
      System.exit(3);
    }
    LoadedModel graph = ModelLoader.load(Files.readAllBytes(Path.of(args[1])), ModelFormat.AUTO);
    long deadline = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
    List<LoadedModel> predicting = List.of(dense, dense, graph);
    AtomicLongArray batches = new AtomicLongArray(predicting.size());
    List<Thread> threads = new ArrayList<>();
    // Two replicas of the plain dense network (DenseStack, the second a clone) and one of the graph (DL4J's output).
    for (int i = 0; i < predicting.size(); i++) {
      int thread = i;
      threads.add(new Thread(() -> predictUntil(predicting.get(thread), deadline, batches, thread)));
    }
    threads.add(new Thread(() -> fillHeapUntil(deadline)));
    threads.forEach(Thread::start);
    for (Thread thread : threads) thread.join();
    System.out.println("executioner " + Nd4j.getExecutioner().getClass().getSimpleName() + ", batches per thread "
        + batches + ", JavaCPP maxPhysicalBytes " + org.bytedeco.javacpp.Pointer.maxPhysicalBytes());
  }

  private static void predictUntil(LoadedModel model, long deadline, AtomicLongArray batches, int thread) {
    Predictor replica = model.newReplica();
    SplittableRandom random = new SplittableRandom(thread);
    float[] features = new float[1024 * model.inputWidth()];
    for (int i = 0; i < features.length; i++) features[i] = (float) random.nextDouble(-3, 3);
    while (System.nanoTime() < deadline) {
      // Small batches of changing sizes and places: many native ops a second, tiles filled in part.
      int rows = 1 + random.nextInt(256);
      float[] outputs = replica.predict(features, rows, model.inputWidth(), random.nextInt(1024));
      if (outputs.length != rows * model.outputWidth()) throw new AssertionError(outputs.length + " outputs");
      batches.incrementAndGet(thread);
    }
  }

  private static void fillHeapUntil(long deadline) {
    byte[][] garbage = new byte[64][];
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < garbage.length; i++) garbage[i] = new byte[100_000];
    }
  }
}
