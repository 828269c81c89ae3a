package io.sluice.engine.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.engine.job.JobFiles;
import io.sluice.engine.run.RunManager;
import io.sluice.engine.run.RunState;
import io.sluice.engine.run.RunStatus;
import io.sluice.engine.testing.DelayedServices;
import io.sluice.engine.testing.DelayedStorage;
import io.sluice.engine.testing.DemoFixture;
import io.sluice.engine.testing.TestCluster;
import io.sluice.engine.work.PartitionWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten worker nodes (actor systems in this JVM) and a coordinator node, with synthetic work: each node's part-file
 * writes start late by a fixed delay, so a partition costs that delay whatever the machine. Work spreads evenly over
 * the normal nodes, a node three times slower takes about a third of a normal node's share, and a node lost
 * mid-run costs only the partitions it was running.
 */
class ManyNodesIT {
  private static final int WORKERS = 10;
  /** Long beside a partition's own cost on a busy 2-core machine (11 nodes share it), so the delay sets the pace. */
  private static final Duration NORMAL = Duration.ofSeconds(1);
  @TempDir Path dir;

  @Test
  void workSpreadsEvenlyASlowNodeTakesAThirdAndALostNodeCostsOnlyItsRunningPartitions() throws Exception {
    DemoFixture.data();
    List<AtomicReference<DelayedStorage>> stores = new ArrayList<>();
    List<ActorSystem<SluiceNode.Command>> workers = new ArrayList<>();
    try (TestCluster cluster = new TestCluster()) {
      var coordinator = cluster.start("coordinator", s -> DelayedServices.create(s, Duration.ZERO, store -> {}));
      for (int i = 0; i < WORKERS; i++) {
        AtomicReference<DelayedStorage> store = new AtomicReference<>();
        Duration delay = i == 0 ? NORMAL.multipliedBy(3) : NORMAL; // node 0 is three times slower
        workers.add(cluster.start("worker", s -> DelayedServices.create(s, delay, store::set)));
        stores.add(store);
      }
      cluster.awaitUp(WORKERS + 1, Duration.ofSeconds(60));
      awaitWorkers(coordinator, WORKERS);

      var job = JobFiles.load(DemoFixture.jobFile(dir, dir.resolve("out"), "job.input.split-size = 2KiB",
          "job.errors.retry-backoff = 50ms"), List.of());
      RunManager.SubmitReply reply = TestCluster.ask(coordinator, r -> new RunManager.SubmitRun(job.source(), r), Duration.ofSeconds(30));
      String runId = assertInstanceOf(RunManager.Accepted.class, reply).runId();

      // Node 1 is lost once it has done a little: downed by the cluster, as the split-brain resolver downs a crashed node.
      DelayedStorage lostStore = awaitStore(stores.get(1));
      while (lostStore.partFilesWritten() < 4) Thread.sleep(20);
      Cluster.get(coordinator).manager().tell(new Down(workers.get(1).address()));

      RunStatus status = ClusterWorkPullingIT.awaitFinal(coordinator, runId);
      assertEquals(RunState.SUCCEEDED, status.status(), String.valueOf(status.error()));
      int total = status.partitions().total();
      assertTrue(total >= 100, "partitions: " + total);

      JsonNode manifest = new ObjectMapper().readTree(dir.resolve("out/_manifest.json").toFile());
      int ranAgain = 0;
      for (JsonNode p : manifest.path("partitions")) if (p.path("attempts").asInt() > 1) ranAgain++;
      // a node runs at most partitions-in-flight (2) partitions, and as many again that only commit
      assertTrue(ranAgain <= 4, ranAgain + " partitions ran again; the lost node held at most 4");

      List<Integer> normal = new ArrayList<>();
      for (int i = 2; i < WORKERS; i++) normal.add(stores.get(i).get().partFilesWritten());
      double mean = normal.stream().mapToInt(Integer::intValue).average().orElseThrow();
      for (int n : normal) assertTrue(n >= 0.6 * mean && n <= 1.4 * mean, "normal nodes took " + normal);
      int slow = stores.get(0).get().partFilesWritten();
      assertTrue(slow >= 0.15 * mean && slow <= 0.6 * mean, "the slow node took " + slow + ", normal ones " + normal);
    }
  }

  private static DelayedStorage awaitStore(AtomicReference<DelayedStorage> store) throws InterruptedException {
    while (store.get() == null) Thread.sleep(20);
    return store.get();
  }

  /** Until the coordinator's node sees every worker node's partition worker registered. */
  private static void awaitWorkers(ActorSystem<SluiceNode.Command> node, int count) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      Receptionist.Listing listing = AskPattern.<Receptionist.Command, Receptionist.Listing>ask(node.receptionist(),
          r -> Receptionist.find(PartitionWorker.KEY, r), Duration.ofSeconds(5), node.scheduler()).toCompletableFuture().join();
      if (listing.getServiceInstances(PartitionWorker.KEY).size() >= count) return;
      Thread.sleep(100);
    }
    throw new AssertionError(count + " partition workers not seen by the coordinator's node");
  }
}
