package io.sluice.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelWorkerTest {

  // A restart clones the network: on a busy build machine that can take longer than the test kit's default wait.
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static LoadedModel model;

  @BeforeAll
  static void loadModel(@TempDir Path dir) throws Exception {
    model = ModelLoader.load(TestModels.zipOf(TestModels.multiLayerNetwork(), dir), ModelFormat.AUTO);
  }

  @AfterAll
  static void stopActors() {
    testKit.shutdownTestKit();
  }

  @Test
  void infersWhatTheReplicaPredicts() {
    ActorRef<ModelWorker.Command> worker = spawnWorker();
    TestProbe<ModelWorker.Result> probe = testKit.createTestProbe();
    float[] features = TestModels.features(7);

    worker.tell(new ModelWorker.Infer(features, 7, TestModels.INPUTS, 0, probe.getRef()));

    ModelWorker.Inferred inferred = probe.expectMessageClass(ModelWorker.Inferred.class, PATIENCE);
    assertEquals(7, inferred.rows());
    assertEquals(TestModels.OUTPUTS, inferred.width());
    assertArrayEquals(model.newReplica().predict(features, 7, TestModels.INPUTS), inferred.outputs(), 1e-6f);
  }

  @Test
  void reportsAFailedCallAndKeepsAnsweringAfterItsRestart() {
    ActorRef<ModelWorker.Command> worker = spawnWorker();
    TestProbe<ModelWorker.Result> probe = testKit.createTestProbe();

    worker.tell(new ModelWorker.Infer(new float[6], 2, 3, 0, probe.getRef()));

    ModelWorker.InferenceFailed failed = probe.expectMessageClass(ModelWorker.InferenceFailed.class, PATIENCE);
    assertEquals("the model takes 4 features per record but the batch has 3", failed.reason());
    worker.tell(new ModelWorker.Infer(TestModels.features(2), 2, TestModels.INPUTS, 0, probe.getRef()));
    probe.expectMessageClass(ModelWorker.Inferred.class, PATIENCE);
  }

  @Test
  void aWorkerThatCannotMakeItsReplicaRestartsWithPausesThenStops() {
    MultiLayerNetwork network = new MultiLayerNetwork(TestModels.multiLayerNetwork().getLayerWiseConfigurations()) {
      @Override
      public MultiLayerNetwork clone() {
        throw new IllegalStateException("cannot allocate the replica's native memory");
      }
    };
    network.init();
    LoadedModel unclonable = new LoadedModel(network, new NetworkWidths(TestModels.INPUTS, TestModels.OUTPUTS), null, "x");
    unclonable.newReplica(); // the loaded network itself goes to the first replica; every later one is a clone
    LoggingTestKit.error(IllegalStateException.class).withOccurrences(ModelWorker.MAX_RESTARTS + 1)
        .expect(testKit.system(), () -> {
          ActorRef<ModelWorker.Command> worker = testKit.spawn(ModelWorker.supervised(unclonable), "unclonable",
              DispatcherSelector.blocking());
          testKit.createTestProbe().expectTerminated(worker, Duration.ofSeconds(60));
          return null;
        });
  }

  private static ActorRef<ModelWorker.Command> spawnWorker() {
    return testKit.spawn(ModelWorker.supervised(model), "worker-" + System.nanoTime(), DispatcherSelector.blocking());
  }
}
