package io.sluice.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A replica's native calls stay on its own thread. ND4J's element-wise, broadcast and softmax ops split their work
 * over an OpenMP team sized by its "master threads" setting (the machine's cores), not by the max-threads setting
 * BLAS follows: every replica thread then kept a team of its own, woken for every op of every forward pass (a third
 * of all the thread wake-ups of a run of 9,589 small partitions).
 */
class NativeThreadsTest {
  private static final String PROBE = "omp-probe-";

  @Test
  void aReplicasForwardPassWakesNoOtherNativeThread() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux's /proc names every thread of the process");
    assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "OpenMP's team is one thread on one core");
    LoadedModel model = new Dl4jModel(TestModels.multiLayerNetwork(),
        new NetworkWidths(TestModels.INPUTS, TestModels.OUTPUTS), null, "test");
    assertEquals(1, NativeThreads.useOne());
    float[] features = new float[4096 * TestModels.INPUTS];
    Random random = new Random(2);
    for (int i = 0; i < features.length; i++) features[i] = (float) random.nextGaussian();

    CountDownLatch predicted = new CountDownLatch(3);
    CountDownLatch counted = new CountDownLatch(1);
    List<Thread> replicas = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      // A thread's name is its native name, and a thread it starts (an OpenMP team member) inherits that name.
      Thread replica = new Thread(() -> {
        model.newReplica().predict(features, 4096, TestModels.INPUTS, 0);
        predicted.countDown();
        // An OpenMP team lives as long as the thread that started it: keep the replica's thread until counted.
        awaitQuietly(counted);
      }, PROBE + k);
      replicas.add(replica);
      replica.start();
    }
    assertTrue(predicted.await(60, TimeUnit.SECONDS), "the forward passes finished");
    List<String> probes = threadsNamed(PROBE);
    counted.countDown();
    for (Thread replica : replicas) replica.join();

    assertEquals(3, probes.size(), "the replicas' own threads and nothing else, but: " + probes);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<String> threadsNamed(String prefix) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String name = Files.readString(task.resolve("comm")).trim();
          if (name.startsWith(prefix)) found.add(task.getFileName() + " " + name);
        } catch (IOException gone) { // a thread that ended while listed
        }
      }
    }
    return found;
  }
}
