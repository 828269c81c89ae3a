package io.sluice.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.stores.Storages;
import io.sluice.engine.job.JobFiles;
import io.sluice.engine.services.NodeServices;
import io.sluice.engine.plan.JobPreparation;
import io.sluice.engine.testing.DelayedStorage;
import io.sluice.engine.testing.DemoFixture;
import io.sluice.engine.testing.FaultyStorage;
import io.sluice.engine.work.PartitionWorker;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into a real run: reads and writes that break midway are retried as whole
 * partitions, and a run cancelled midway is finished by {@code mode = resume}; in every case
 * the part files equal those of a run without faults.
 */
class FaultInjectionIT {
  @TempDir Path dir;
  private ActorTestKit testKit;
  private ActorRef<RunManager.Command> manager;

  @BeforeEach
  void start() {
    testKit = ActorTestKit.create();
    DemoFixture.data();
  }

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  /** A node whose local files go through {@code wrap}. */
  private void startNode(Function<Storage, Storage> wrap) {
    NodeServices plain = NodeServices.create(testKit.system());
    Storages storages = plain.storages().with("file", wrap.apply(plain.storages().forUri(URI.create("file:///"))));
    NodeServices services = new NodeServices(storages, plain.materializer(), plain.blocking(),
        new JobPreparation(storages, plain.materializer(), plain.blocking()));
    testKit.spawn(PartitionWorker.create(services));
    manager = testKit.spawn(RunManager.create(services, ManagerMemory.NONE, ZoneOffset.UTC));
  }

  private String submit(Path out, String... extra) {
    String[] lines = Stream.concat(Stream.of("job.input.split-size = 32KiB", "job.errors.retry-backoff = 10ms"),
        Stream.of(extra)).toArray(String[]::new);
    var job = JobFiles.load(DemoFixture.jobFile(dir, out, lines), List.of());
    TestProbe<RunManager.SubmitReply> reply = testKit.createTestProbe();
    manager.tell(new RunManager.SubmitRun(job.source(), reply.ref()));
    return assertInstanceOf(RunManager.Accepted.class, reply.receiveMessage(Duration.ofSeconds(30))).runId();
  }

  private RunStatus awaitFinal(String runId) throws InterruptedException {
    TestProbe<RunManager.RunReply> reply = testKit.createTestProbe();
    for (int i = 0; i < 600; i++) {
      manager.tell(new RunManager.GetRun(runId, reply.ref()));
      RunStatus status = reply.receiveMessage().status();
      if (status.status().isFinal()) return status;
      Thread.sleep(100);
    }
    throw new AssertionError("run did not end");
  }

  private Path cleanRun() throws Exception {
    Path clean = dir.resolve("clean");
    assertEquals(RunState.SUCCEEDED, awaitFinal(submit(clean)).status());
    return clean;
  }

  @Test
  void readsAndWritesThatBreakAreRetriedAndLoseNothing() throws Exception {
    startNode(local -> new FaultyStorage(local, Set.of(4, 7), Set.of(2, 5)));
    Path out = dir.resolve("out");
    RunStatus status = awaitFinal(submit(out));
    assertEquals(RunState.SUCCEEDED, status.status(), String.valueOf(status.error()));
    String manifest = Files.readString(out.resolve("_manifest.json"));
    assertTrue(manifest.contains("\"attempts\" : 2"), "broken attempts were retried: " + manifest);
    assertSameParts(cleanRun(), out);
  }

  @Test
  void aCancelledRunIsFinishedByResume() throws Exception {
    startNode(local -> new DelayedStorage(local, Duration.ofMillis(300)));
    Path out = dir.resolve("out");
    String first = submit(out);
    TestProbe<RunManager.RunReply> reply = testKit.createTestProbe();
    RunStatus running;
    do {
      Thread.sleep(50);
      manager.tell(new RunManager.GetRun(first, reply.ref()));
      running = reply.receiveMessage().status();
    } while (running.partitions().done() < 3 && !running.status().isFinal());
    manager.tell(new RunManager.CancelRun(first, testKit.<RunManager.CancelReply>createTestProbe().ref()));
    RunStatus cancelled = awaitFinal(first);
    assertEquals(RunState.CANCELLED, cancelled.status());
    assertTrue(cancelled.partitions().done() < cancelled.partitions().total(), "cancelled midway");
    assertTrue(Files.readString(out.resolve("_manifest.json")).contains("\"CANCELLED\""));

    RunStatus resumed = awaitFinal(submit(out, "job.output.mode = resume"));
    assertEquals(RunState.SUCCEEDED, resumed.status(), String.valueOf(resumed.error()));
    String manifest = Files.readString(out.resolve("_manifest.json"));
    long kept = manifest.lines().filter(l -> l.contains("\"keptFromEarlierRun\" : true")).count();
    assertEquals(cancelled.partitions().done(), kept, "committed partitions are kept, not run again");
    assertSameParts(cleanRun(), out);
  }

  private static void assertSameParts(Path expected, Path actual) throws Exception {
    List<Path> parts;
    try (Stream<Path> s = Files.list(expected)) {
      parts = s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
    assertTrue(parts.size() > 3);
    for (Path p : parts) {
      assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(actual.resolve(p.getFileName())), p.getFileName().toString());
    }
    try (Stream<Path> s = Files.list(actual)) {
      assertEquals(parts.size(), s.filter(p -> p.getFileName().toString().startsWith("part-")).count());
    }
  }
}
