package io.sluice.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.connectors.stores.Storages;
import io.sluice.engine.job.JobFiles;
import io.sluice.engine.plan.JobPreparation;
import io.sluice.engine.services.NodeServices;
import io.sluice.engine.testing.DemoFixture;
import io.sluice.engine.testing.FaultyStorage;
import io.sluice.engine.work.PartitionWorker;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Protocol messages lost between a real coordinator and a real partition worker (real stream, real model): the first
 * assignment of a partition, the first commit report of another, and the first failure report. Each costs a lease
 * ({@code errors.lease-timeout}), after which the partition runs again as a new attempt; the run ends with the same
 * part files as a run that lost nothing.
 */
class LostMessagesIT {
  @TempDir Path dir;
  private ActorTestKit testKit;
  private ActorRef<RunManager.Command> manager;
  /** What was dropped, by kind; each kind is dropped once. */
  private final Set<String> lost = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() {
    testKit = ActorTestKit.create();
    DemoFixture.data();
    NodeServices plain = NodeServices.create(testKit.system());
    // the 4th read of an input file breaks midway, so that one attempt fails and reports it
    Storages storages = plain.storages().with("file",
        new FaultyStorage(plain.storages().forUri(URI.create("file:///")), Set.of(4), Set.of()));
    NodeServices services = new NodeServices(storages, plain.materializer(), plain.blocking(),
        new JobPreparation(storages, plain.materializer(), plain.blocking()));
    testKit.spawn(Behaviors.intercept(Losing::new, PartitionWorker.create(services)));
    manager = testKit.spawn(RunManager.create(services, ManagerMemory.NONE, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  /**
   * Sits in front of the worker: drops the first assignment of partition 1, and routes the worker's reports through a
   * forwarder that drops the first commit report of partition 2 and the first failure report.
   */
  private final class Losing extends BehaviorInterceptor<PartitionWorker.Command, PartitionWorker.Command> {
    private final Map<String, ActorRef<PartitionWorker.Report>> forwarders = new HashMap<>();

    Losing() {
      super(PartitionWorker.Command.class);
    }

    @Override
    public Behavior<PartitionWorker.Command> aroundReceive(TypedActorContext<PartitionWorker.Command> ctx,
        PartitionWorker.Command message, ReceiveTarget<PartitionWorker.Command> target) {
      if (message instanceof PartitionWorker.Assignment a && a.partition().index() == 1 && lost.add("assignment")) {
        return Behaviors.same();
      }
      if (message instanceof PartitionWorker.WorkAvailable w) {
        ActorRef<PartitionWorker.Report> forwarder = forwarders.computeIfAbsent(w.runId(),
            id -> ctx.asJava().spawnAnonymous(forwarding(w.coordinator())));
        message = new PartitionWorker.WorkAvailable(w.runId(), w.job(), w.predictionColumns(), forwarder);
      }
      return target.apply(ctx, message);
    }
  }

  private Behavior<PartitionWorker.Report> forwarding(ActorRef<PartitionWorker.Report> coordinator) {
    return Behaviors.receiveMessage(report -> {
      boolean drop = report instanceof PartitionWorker.PartitionCommitted c && c.partition() == 2 && lost.add("commit")
          || report instanceof PartitionWorker.PartitionFailed && lost.add("failure");
      if (!drop) coordinator.tell(report);
      return Behaviors.same();
    });
  }

  @Test
  void aLostAssignmentCommitReportAndFailureReportEachCostALeaseAndTheOutputIsTheSame() throws Exception {
    Path out = dir.resolve("out");
    RunStatus status = awaitFinal(submit(out));
    assertEquals(RunState.SUCCEEDED, status.status(), String.valueOf(status.error()));
    assertEquals(Set.of("assignment", "commit", "failure"), lost, "every kind of message was lost once");
    String manifest = Files.readString(out.resolve("_manifest.json"));
    assertTrue(manifest.contains("\"attempts\" : 2"), "lost attempts ran again: " + manifest);

    Path clean = dir.resolve("clean");
    assertEquals(RunState.SUCCEEDED, awaitFinal(submit(clean)).status());
    assertSameFiles(clean, out);
  }

  private String submit(Path out) {
    var job = JobFiles.load(DemoFixture.jobFile(dir, out, "job.input.split-size = 32KiB", "job.errors.retry-backoff = 10ms",
        "job.errors.lease-timeout = 1s"), List.of());
    TestProbe<RunManager.SubmitReply> reply = testKit.createTestProbe();
    manager.tell(new RunManager.SubmitRun(job.source(), reply.ref()));
    return assertInstanceOf(RunManager.Accepted.class, reply.receiveMessage(Duration.ofSeconds(30))).runId();
  }

  private RunStatus awaitFinal(String runId) {
    TestProbe<RunManager.RunReply> reply = testKit.createTestProbe();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      manager.tell(new RunManager.GetRun(runId, reply.ref()));
      RunStatus status = reply.receiveMessage().status();
      if (status.status().isFinal()) return status;
      reply.expectNoMessage(Duration.ofMillis(100)); // the pace of polling, not a condition
    }
    throw new AssertionError("run " + runId + " did not end within 90 s");
  }

  /** The part files and the errors files of both outputs hold the same bytes. */
  private static void assertSameFiles(Path expected, Path actual) throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(expected)) {
      files = s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().startsWith("part-"))
          .map(expected::relativize).sorted().toList();
    }
    assertTrue(files.size() > 3, "several partitions: " + files);
    for (Path p : files) assertArrayEquals(Files.readAllBytes(expected.resolve(p)), Files.readAllBytes(actual.resolve(p)), p.toString());
    try (Stream<Path> s = Files.walk(actual)) {
      assertEquals(files, s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().startsWith("part-"))
          .map(actual::relativize).sorted().toList());
    }
  }
}
