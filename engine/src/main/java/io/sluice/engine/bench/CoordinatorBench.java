package io.sluice.engine.bench;

import com.typesafe.config.ConfigFactory;
import io.sluice.engine.job.JobFiles;
import io.sluice.engine.job.JobSpec;
import io.sluice.engine.run.RunCoordinator;
import io.sluice.engine.run.RunManager;
import io.sluice.engine.services.NodeServices;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A real run coordinator (its ledger, leases, status publishing and manifest) handing {@code partitions} partitions
 * to synthetic workers that do no work: how many hand-outs a second one coordinator manages, and its heap.
 */
final class CoordinatorBench {
  /** The figures: hand-outs a second, whole run's seconds, and the heap in use at its peak and after it. */
  record Result(int partitions, double handOutsPerSecond, double runSeconds, long peakHeapBytes, long heapAfterBytes) {}

  private CoordinatorBench() {}

  static Result measure(Path job, Path input, int partitions, int workers) throws Exception {
    long split = Math.max(1024, Files.size(input) / partitions);
    JobSpec spec = JobFiles.load(job, List.of("job.input.split-size=" + split, "job.output.mode=overwrite"));
    ActorSystem<SpawnProtocol.Command> system = ActorSystem.create(SpawnProtocol.create(), "sluice-bench",
        ConfigFactory.parseString("pekko.loglevel = WARNING").withFallback(ConfigFactory.load()));
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try {
      NodeServices services = NodeServices.create(system);
      SyntheticWorker.Clock clock = new SyntheticWorker.Clock();
      for (int i = 0; i < workers; i++) spawn(system, SyntheticWorker.create(2, clock), "worker-" + i);
      CompletableFuture<Void> ended = new CompletableFuture<>();
      var manager = spawn(system, Behaviors.receive(RunManager.Command.class)
          .onMessage(RunManager.RunDetailKept.class, m -> {
            ended.complete(null);
            return Behaviors.same();
          })
          .onAnyMessage(m -> Behaviors.same()).build(), "manager");
      var submitter = spawn(system, Behaviors.<RunManager.SubmitReply>ignore(), "submitter");
      long started = System.nanoTime();
      spawn(system, RunCoordinator.create("bench-coordinator", spec, services, manager, submitter), "coordinator");
      long peak = 0;
      while (!ended.isDone()) {
        peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
        try {
          ended.get(50, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // sample again
        }
      }
      double runSeconds = (System.nanoTime() - started) / 1e9;
      System.gc();
      long after = memory.getHeapMemoryUsage().getUsed();
      double handOutSeconds = (clock.last().get() - clock.first().get()) / 1e9;
      return new Result((int) clock.count().get(), clock.count().get() / Math.max(handOutSeconds, 1e-9), runSeconds, peak, after);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static <T> ActorRef<T> spawn(ActorSystem<SpawnProtocol.Command> system, Behavior<T> behavior, String name)
      throws Exception {
    return AskPattern.<SpawnProtocol.Command, ActorRef<T>>ask(system,
        r -> new SpawnProtocol.Spawn<>(behavior, name, Props.empty(), r), Duration.ofSeconds(10), system.scheduler())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
