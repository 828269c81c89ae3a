package io.sluice.engine.work;

import io.sluice.engine.CborSerializable;
import io.sluice.engine.Failures;
import io.sluice.engine.job.JobParser;
import io.sluice.engine.metrics.Metrics;
import io.sluice.engine.model.LoadedModel;
import io.sluice.engine.model.ModelFetch;
import io.sluice.engine.model.NativeThreads;
import io.sluice.engine.model.ModelWorker;
import io.sluice.engine.node.NodeServices;
import io.sluice.engine.plan.Partition;
import io.sluice.engine.run.RunCoordinator;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Routers;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One per node: registers with the Receptionist, loads each run's model once into a pool of
 * model workers, pulls partitions from the run's coordinator while it has room
 * ({@code workers.partitions-in-flight}), runs each as a {@link PartitionStream} and reports
 * how it ended.
 */
public final class PartitionWorker {

  /** How coordinators find the partition workers of every node. */
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "sluice-partition-worker");

  /** What the partition worker understands. */
  public interface Command extends CborSerializable {}

  /** A run has partitions to hand out; the job travels as HOCON text. */
  public record WorkAvailable(String runId, String job, List<String> predictionColumns,
      ActorRef<RunCoordinator.Command> coordinator) implements Command {}

  /** The coordinator's answer to a request: run this partition as this attempt. */
  public record Assignment(String runId, Partition partition, int attempt) implements Command {}

  /** The coordinator's answer to a request: nothing to hand out now. */
  public record NoPartitionLeft(String runId) implements Command {}

  /** Abort every partition of the run that runs here. */
  public record CancelRun(String runId) implements Command {}

  /** The run is over: release its model. */
  public record RunEnded(String runId) implements Command {}

  /** The node is leaving: take no more work, give running partitions back to their coordinators. */
  public record HandBack(ActorRef<Done> replyTo) implements Command {}

  private record CoordinatorGone(String runId) implements Command {}

  private record ModelLoaded(String runId, LoadedModel model) implements Command {}

  private record ModelNotLoaded(String runId, String reason) implements Command {}

  private record PartitionSettled(String runId, int partition, int attempt, PartitionStats stats, String failure)
      implements Command {}

  public static Behavior<Command> create(NodeServices services) {
    // What the worker logs while handling a message about a run carries that run's id in the MDC (JSON logs show it).
    return Behaviors.withMdc(Command.class, PartitionWorker::runMdc, Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      return new PartitionWorker(ctx, services).behavior();
    }));
  }

  private static Map<String, String> runMdc(Command m) {
    String runId = m instanceof WorkAvailable w ? w.runId() : m instanceof Assignment a ? a.runId()
        : m instanceof NoPartitionLeft n ? n.runId() : m instanceof CancelRun c ? c.runId()
        : m instanceof RunEnded e ? e.runId() : m instanceof CoordinatorGone g ? g.runId()
        : m instanceof ModelLoaded l ? l.runId() : m instanceof ModelNotLoaded f ? f.runId()
        : m instanceof PartitionSettled p ? p.runId() : null;
    return runId == null ? Map.of() : Map.of("runId", runId);
  }

  /** The worker as a node runs it: restarted after a crash, its running partitions failed first so they are retried. */
  public static Behavior<Command> supervised(NodeServices services) {
    return Behaviors.supervise(create(services)).onFailure(SupervisorStrategy.restart());
  }

  private final ActorContext<Command> ctx;
  private final NodeServices services;
  private final Map<String, WorkerRun> runs = new HashMap<>();
  private final Metrics metrics;
  private boolean leaving;

  private PartitionWorker(ActorContext<Command> ctx, NodeServices services) {
    this.ctx = ctx;
    this.services = services;
    this.metrics = Metrics.get(ctx.getSystem());
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(WorkAvailable.class, this::workAvailable)
        .onMessage(ModelLoaded.class, this::modelLoaded)
        .onMessage(ModelNotLoaded.class, this::modelNotLoaded)
        .onMessage(Assignment.class, this::assigned)
        .onMessage(NoPartitionLeft.class, this::noPartitionLeft)
        .onMessage(PartitionSettled.class, this::settled)
        .onMessage(CancelRun.class, this::cancelRun)
        .onMessage(RunEnded.class, this::runEnded)
        .onMessage(CoordinatorGone.class, m -> { release(runs.remove(m.runId()), "coordinator gone"); return Behaviors.same(); })
        .onMessage(HandBack.class, this::handBack)
        .onSignal(PreRestart.class, signal -> failRunning("the partition worker restarted"))
        .build();
  }

  private Behavior<Command> workAvailable(WorkAvailable m) {
    WorkerRun run = runs.get(m.runId());
    if (run == null) {
      run = new WorkerRun(m.runId(), JobParser.parse(m.job()), m.predictionColumns(), m.coordinator());
      runs.put(m.runId(), run);
      // A coordinator lost with its node never sends RunEnded: its partitions here are orphans.
      ctx.watchWith(m.coordinator(), new CoordinatorGone(m.runId()));
      loadModel(run);
    }
    run.exhausted = false;
    askForWork(run);
    return Behaviors.same();
  }

  private void loadModel(WorkerRun run) {
    var model = run.job.model();
    long started = System.nanoTime();
    java.util.concurrent.CompletionStage<io.sluice.engine.model.LoadedModel> loading;
    try {
      loading = ModelFetch.load(services.storages().forUri(model.uri(), model.store()), model.uri(), run.job.modelSettings(),
          services.materializer(), services.blocking());
    } catch (RuntimeException e) { // settings this node cannot use, e.g. a secret it does not have
      loading = java.util.concurrent.CompletableFuture.failedFuture(e);
    }
    ctx.pipeToSelf(loading,
        (loaded, failure) -> {
          if (failure != null) return new ModelNotLoaded(run.runId, Failures.message(failure));
          metrics.modelLoaded(Duration.ofNanos(System.nanoTime() - started));
          return new ModelLoaded(run.runId, loaded);
        });
  }

  private Behavior<Command> modelLoaded(ModelLoaded m) {
    WorkerRun run = runs.get(m.runId());
    if (run == null) return Behaviors.same();
    int replicas = run.job.workers().replicasOnThisNode();
    run.translator = m.model().translator(run.job.model().output(), run.job.model().labels());
    run.pool = ctx.spawn(Routers.pool(replicas, ModelWorker.supervised(m.model())).withRoundRobinRouting()
        .withRouteeProps(DispatcherSelector.blocking()), "model-" + m.runId());
    int threads = NativeThreads.useOne();
    ctx.getLog().info("run {}: model {} loaded into {} replicas of {} native threads", m.runId(), m.model().sha256(),
        replicas, threads);
    askForWork(run);
    return Behaviors.same();
  }

  /** The partitions this node takes will fail with the reason, so the run fails saying why. */
  private Behavior<Command> modelNotLoaded(ModelNotLoaded m) {
    WorkerRun run = runs.get(m.runId());
    if (run == null) return Behaviors.same();
    run.modelFailure = "cannot load the model on this node: " + m.reason();
    askForWork(run);
    return Behaviors.same();
  }

  private void askForWork(WorkerRun run) {
    if (leaving) return;
    for (int i = run.room(); i > 0; i--) {
      run.requested++;
      run.coordinator.tell(new RunCoordinator.RequestPartition(ctx.getSelf()));
    }
  }

  private Behavior<Command> assigned(Assignment m) {
    WorkerRun run = runs.get(m.runId());
    if (run == null) return Behaviors.same();
    run.requested = Math.max(0, run.requested - 1);
    Partition p = m.partition();
    if (run.modelFailure != null) {
      run.coordinator.tell(new RunCoordinator.PartitionFailed(p.index(), m.attempt(), run.modelFailure));
      askForWork(run);
      return Behaviors.same();
    }
    var job = run.job;
    ModelCall call = new PooledModelCall(run.pool, ctx.getSystem().scheduler(), metrics, job.errors().batchTimeout(),
        job.workers().replicasOnThisNode(), run.translator);
    io.sluice.connectors.storage.Storage in;
    io.sluice.connectors.storage.Storage out;
    try {
      in = services.storages().forUri(job.input().uri(), job.input().store());
      out = services.storages().forUri(job.output().uri(), job.output().store());
    } catch (RuntimeException e) { // settings this node cannot use, e.g. a secret it does not have
      run.coordinator.tell(new RunCoordinator.PartitionFailed(p.index(), m.attempt(), Failures.message(e)));
      askForWork(run);
      return Behaviors.same();
    }
    PartitionStream stream = new PartitionStream(job, p, in,
        out, call, run.predictionColumns,
        new ThrottledProgress(run.coordinator, p.index(), m.attempt()));
    var started = stream.start(services.materializer());
    run.running.put(p.index(), new WorkerRun.Running(m.attempt(), started.first()));
    ctx.pipeToSelf(started.second(), (stats, failure) ->
        new PartitionSettled(m.runId(), p.index(), m.attempt(), stats, failure == null ? null : Failures.message(failure)));
    return Behaviors.same();
  }

  private Behavior<Command> noPartitionLeft(NoPartitionLeft m) {
    WorkerRun run = runs.get(m.runId());
    if (run != null) {
      run.requested = Math.max(0, run.requested - 1);
      run.exhausted = true;
    }
    return Behaviors.same();
  }

  private Behavior<Command> settled(PartitionSettled m) {
    WorkerRun run = runs.get(m.runId());
    WorkerRun.Running running = run == null ? null : run.running.get(m.partition());
    if (running == null || running.attempt() != m.attempt()) return Behaviors.same();
    run.running.remove(m.partition());
    if (m.failure() == null) {
      run.coordinator.tell(new RunCoordinator.PartitionCommitted(m.partition(), m.attempt(), m.stats()));
      metrics.partitionCommitted();
      metrics.recordsRead(m.stats().recordsIn());
      metrics.recordsWritten(m.stats().recordsOut());
      metrics.badRecords(m.stats().badRecords());
    } else {
      run.coordinator.tell(new RunCoordinator.PartitionFailed(m.partition(), m.attempt(), m.failure()));
      metrics.partitionFailed();
    }
    askForWork(run);
    return Behaviors.same();
  }

  private Behavior<Command> cancelRun(CancelRun m) {
    WorkerRun run = runs.get(m.runId());
    if (run != null) {
      run.exhausted = true;
      run.running.values().forEach(r -> r.killSwitch().abort(new CancellationException("run cancelled")));
    }
    return Behaviors.same();
  }

  private Behavior<Command> runEnded(RunEnded m) {
    release(runs.remove(m.runId()), "run ended");
    return Behaviors.same();
  }

  private void release(WorkerRun run, String why) {
    if (run == null) return;
    run.running.values().forEach(r -> r.killSwitch().abort(new CancellationException(why)));
    if (run.pool != null) ctx.stop(run.pool);
  }

  /** Before a restart forgets them: every running partition is aborted and reported failed, to be retried. */
  private Behavior<Command> failRunning(String why) {
    for (WorkerRun run : runs.values()) {
      run.running.forEach((index, r) -> {
        r.killSwitch().abort(new CancellationException(why));
        run.coordinator.tell(new RunCoordinator.PartitionFailed(index, r.attempt(), why));
      });
      if (run.pool != null) ctx.stop(run.pool);
    }
    return Behaviors.same();
  }

  private Behavior<Command> handBack(HandBack m) {
    leaving = true;
    ctx.getSystem().receptionist().tell(Receptionist.deregister(KEY, ctx.getSelf()));
    for (WorkerRun run : runs.values()) {
      run.running.forEach((index, r) -> {
        run.coordinator.tell(new RunCoordinator.PartitionReturned(index, r.attempt()));
        r.killSwitch().abort(new CancellationException("node leaving"));
      });
      run.running.clear();
    }
    ctx.getLog().info("leaving: running partitions handed back");
    m.replyTo().tell(Done.getInstance());
    return Behaviors.same();
  }
}
