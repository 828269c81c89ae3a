package io.sluice.engine.work;

import io.sluice.engine.plan.PartitionStats;
import io.sluice.engine.CborSerializable;
import io.sluice.engine.Failures;
import io.sluice.engine.job.JobSpec;
import io.sluice.engine.metrics.Metrics;
import io.sluice.engine.model.LoadedModel;
import io.sluice.engine.model.ModelFetch;
import io.sluice.engine.model.NativeThreads;
import io.sluice.engine.model.ModelWorker;
import io.sluice.engine.services.NodeServices;
import io.sluice.engine.plan.JdbcLocations;
import io.sluice.engine.plan.Partition;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Routers;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One per node: registers with the Receptionist, loads each run's model once into a pool of
 * model workers, pulls partitions from the run's coordinator while it has room
 * ({@code workers.partitions-in-flight}), runs each as a {@link PartitionStream} and reports
 * how it ended.
 *
 * <p>It owns both directions of its protocol with a run's coordinator: what it accepts
 * ({@link Command}) and what it reports ({@link Report}), to the {@code ActorRef<Report>} that
 * {@link WorkAvailable} brings (the coordinator adapts it). Every partition attempt is a lease
 * the coordinator takes back when it hears nothing for {@code job.errors.lease-timeout}: running
 * attempts send a heartbeat every third of it, and a request for work that goes unanswered for as
 * long is asked again, so a lost message costs one lease, never the run.
 */
public final class PartitionWorker {

  /** How coordinators find the partition workers of every node. */
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "sluice-partition-worker");

  /** What the partition worker understands. */
  public sealed interface Command extends CborSerializable permits WorkAvailable, Assignment, NoPartitionLeft,
      CancelRun, RunEnded, HandBack, CoordinatorGone, ModelLoaded, ModelNotLoaded, ModelPoolStopped, PartitionSettled, Heartbeat,
      RequestUnanswered, RowsThrough {}

  /** A run has partitions to hand out; the job travels as the value it was parsed into at submission. */
  public record WorkAvailable(String runId, JobSpec job, List<String> predictionColumns, ActorRef<Report> coordinator)
      implements Command {}

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

  /** The run's model pool stopped by itself: its every model worker gave up after its restarts. */
  private record ModelPoolStopped(String runId, ActorRef<ModelWorker.Command> pool) implements Command {}

  private record PartitionSettled(String runId, int partition, int attempt, PartitionStats stats, String failure)
      implements Command {}

  /** A running attempt's rows are all through; only its commit is left. */
  private record RowsThrough(String runId, int partition, int attempt, boolean through) implements Command {}

  /** Time to renew the leases of the run's running attempts. */
  private record Heartbeat(String runId) implements Command {}

  /** A request for work got no answer within a third of the lease: it or its answer was lost. */
  private record RequestUnanswered(String runId) implements Command {}

  /** What a partition worker tells a run's coordinator. */
  public sealed interface Report extends CborSerializable permits RequestPartition, PartitionProgress,
      PartitionCommitted, PartitionFailed, PartitionReturned {}

  /** The worker has room for one more partition of this run; answered with {@link Assignment} or {@link NoPartitionLeft}. */
  public record RequestPartition(ActorRef<Command> worker) implements Report {}

  /** How many records a running partition attempt has read so far; also its heartbeat, renewing its lease. */
  public record PartitionProgress(int partition, int attempt, long recordsRead) implements Report {}

  /** A partition attempt committed its part file. */
  public record PartitionCommitted(int partition, int attempt, PartitionStats stats) implements Report {}

  /** A partition attempt failed; nothing of it is under a final name. */
  public record PartitionFailed(int partition, int attempt, String reason) implements Report {}

  /** A worker gives a partition back unfinished (leaving, or handed more than it asked for); it runs elsewhere without using a retry. */
  public record PartitionReturned(int partition, int attempt) implements Report {}

  public static Behavior<Command> create(NodeServices services) {
    // What the worker logs while handling a message about a run carries that run's id in the MDC (JSON logs show it).
    return Behaviors.withMdc(Command.class, PartitionWorker::runMdc, Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      return new PartitionWorker(ctx, timers, services).behavior();
    })));
  }

  private static Map<String, String> runMdc(Command m) {
    String runId = m instanceof WorkAvailable w ? w.runId() : m instanceof Assignment a ? a.runId()
        : m instanceof NoPartitionLeft n ? n.runId() : m instanceof CancelRun c ? c.runId()
        : m instanceof RunEnded e ? e.runId() : m instanceof CoordinatorGone g ? g.runId()
        : m instanceof ModelLoaded l ? l.runId() : m instanceof ModelNotLoaded f ? f.runId()
        : m instanceof ModelPoolStopped s ? s.runId()
        : m instanceof PartitionSettled p ? p.runId() : m instanceof Heartbeat h ? h.runId()
        : m instanceof RequestUnanswered r ? r.runId() : m instanceof RowsThrough t ? t.runId() : null;
    return runId == null ? Map.of() : Map.of("runId", runId);
  }

  /** The worker as a node runs it: restarted after a crash, its running partitions failed first so they are retried. */
  public static Behavior<Command> supervised(NodeServices services) {
    return Behaviors.supervise(create(services)).onFailure(SupervisorStrategy.restart());
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final NodeServices services;
  private final Map<String, WorkerRun> runs = new HashMap<>();
  private final Metrics metrics;
  private boolean leaving;

  private PartitionWorker(ActorContext<Command> ctx, TimerScheduler<Command> timers, NodeServices services) {
    this.ctx = ctx;
    this.timers = timers;
    this.services = services;
    this.metrics = Metrics.get(ctx.getSystem());
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(WorkAvailable.class, m -> guarded(m.runId(), () -> workAvailable(m)))
        .onMessage(ModelLoaded.class, m -> guarded(m.runId(), () -> modelLoaded(m)))
        .onMessage(ModelNotLoaded.class, m -> guarded(m.runId(), () -> modelNotLoaded(m)))
        .onMessage(ModelPoolStopped.class, m -> guarded(m.runId(), () -> modelPoolStopped(m)))
        .onMessage(Assignment.class, m -> guarded(m.runId(), () -> assigned(m)))
        .onMessage(NoPartitionLeft.class, m -> guarded(m.runId(), () -> noPartitionLeft(m)))
        .onMessage(PartitionSettled.class, m -> guarded(m.runId(), () -> settled(m)))
        .onMessage(Heartbeat.class, m -> guarded(m.runId(), () -> heartbeat(m)))
        .onMessage(RequestUnanswered.class, m -> guarded(m.runId(), () -> requestUnanswered(m)))
        .onMessage(RowsThrough.class, m -> guarded(m.runId(), () -> rowsThrough(m)))
        .onMessage(CancelRun.class, this::cancelRun)
        .onMessage(RunEnded.class, this::runEnded)
        .onMessage(CoordinatorGone.class, m -> { release(runs.remove(m.runId()), "coordinator gone"); return Behaviors.same(); })
        .onMessage(HandBack.class, this::handBack)
        .onSignal(PreRestart.class, signal -> failRunning("the partition worker restarted"))
        .build();
  }

  /**
   * A job this node cannot use (its settings break something here) fails that run's partitions on this node; the
   * worker, and the partitions of every other run it holds, go on.
   */
  private Behavior<Command> guarded(String runId, Supplier<Behavior<Command>> handler) {
    try {
      return handler.get();
    } catch (RuntimeException e) {
      WorkerRun run = runs.get(runId);
      if (run == null) throw e;
      String why = "cannot run the job on this node: " + Failures.message(e);
      ctx.getLog().warn("run {}: {}", runId, why, e);
      cannotRun(run, why);
      return Behaviors.same();
    }
  }

  private Behavior<Command> workAvailable(WorkAvailable m) {
    WorkerRun run = runs.get(m.runId());
    if (run == null) {
      run = new WorkerRun(m.runId(), m.job(), m.predictionColumns(), m.coordinator());
      runs.put(m.runId(), run);
      // A coordinator lost with its node never sends RunEnded: its partitions here are orphans.
      ctx.watchWith(m.coordinator(), new CoordinatorGone(m.runId()));
      try {
        timers.startTimerWithFixedDelay(heartbeatKey(run), new Heartbeat(run.runId), run.heartbeatInterval());
        loadModel(run);
      } catch (RuntimeException e) { // a job this node cannot use fails that run's partitions here, and nothing else
        run.cannotRun = "cannot run the job on this node: " + Failures.message(e);
      }
    }
    run.exhausted = false;
    askForWork(run);
    return Behaviors.same();
  }

  private static String heartbeatKey(WorkerRun run) {
    return "heartbeat-" + run.runId;
  }

  private static String requestKey(WorkerRun run) {
    return "request-" + run.runId;
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
    try {
      run.replicas = run.job.workers().replicasOnThisNode();
      run.translator = m.model().translator(run.job.model().output(), run.job.model().labels());
      run.pool = ctx.spawn(Routers.pool(run.replicas, ModelWorker.supervised(m.model())).withRoundRobinRouting()
          .withRouteeProps(DispatcherSelector.blocking()), "model-" + m.runId());
      ctx.watchWith(run.pool, new ModelPoolStopped(m.runId(), run.pool));
      int threads = NativeThreads.useOne();
      ctx.getLog().info("run {}: model {} loaded into {} replicas of {} native threads", m.runId(), m.model().sha256(),
          run.replicas, threads);
    } catch (RuntimeException e) {
      run.cannotRun = "cannot run the job on this node: " + Failures.message(e);
    }
    askForWork(run);
    return Behaviors.same();
  }

  /** The partitions this node takes will fail with the reason, so the run fails saying why. */
  private Behavior<Command> modelNotLoaded(ModelNotLoaded m) {
    WorkerRun run = runs.get(m.runId());
    if (run == null) return Behaviors.same();
    run.cannotRun = "cannot load the model on this node: " + m.reason();
    askForWork(run);
    return Behaviors.same();
  }

  /**
   * A pool stops by itself only when its last model worker gave up (a worker that cannot make its replica stops after
   * its restarts): the run's partitions here fail with that reason instead of each waiting out the batch timeout.
   */
  private Behavior<Command> modelPoolStopped(ModelPoolStopped m) {
    WorkerRun run = runs.get(m.runId());
    if (run == null || run.pool != m.pool()) return Behaviors.same(); // the run ended and released its pool
    run.pool = null;
    cannotRun(run, "the model's workers on this node stopped after " + ModelWorker.MAX_RESTARTS
        + " restarts in a row (see the node's log)");
    askForWork(run);
    return Behaviors.same();
  }

  /** The run's partitions here fail with {@code why}, the running ones at once and every later one when assigned. */
  private void cannotRun(WorkerRun run, String why) {
    run.cannotRun = why;
    failRunningOf(run, why);
  }

  /** Aborts the run's running attempts (nothing of them is committed) and reports them failed, to be retried. */
  private static void failRunningOf(WorkerRun run, String why) {
    run.running.forEach((index, r) -> {
      r.killSwitch().abort(new CancellationException(why));
      run.coordinator.tell(new PartitionFailed(index, r.attempt(), why));
    });
    run.running.clear();
    run.committing.clear();
  }

  private void askForWork(WorkerRun run) {
    if (leaving) return;
    for (int i = run.room(); i > 0; i--) {
      run.requested++;
      run.coordinator.tell(new RequestPartition(ctx.getSelf()));
    }
    if (run.requested > 0 && !timers.isTimerActive(requestKey(run))) {
      timers.startSingleTimer(requestKey(run), new RequestUnanswered(run.runId), run.heartbeatInterval());
    }
  }

  /** Requests or their answers were lost: ask again (an answer that still comes is handled as any). */
  private Behavior<Command> requestUnanswered(RequestUnanswered m) {
    WorkerRun run = runs.get(m.runId());
    if (run == null || run.requested == 0) return Behaviors.same();
    ctx.getLog().info("run {}: {} requests for work unanswered; asking again", run.runId, run.requested);
    run.requested = 0;
    askForWork(run);
    return Behaviors.same();
  }

  private void answered(WorkerRun run) {
    run.requested = Math.max(0, run.requested - 1);
    if (run.requested == 0) timers.cancel(requestKey(run));
  }

  private Behavior<Command> heartbeat(Heartbeat m) {
    WorkerRun run = runs.get(m.runId());
    if (run != null) run.running.values().forEach(r -> r.progress().heartbeat());
    return Behaviors.same();
  }

  private Behavior<Command> assigned(Assignment m) {
    WorkerRun run = runs.get(m.runId());
    if (run == null) return Behaviors.same();
    answered(run);
    Partition p = m.partition();
    if (leaving || !run.hasRoom() || run.running.containsKey(p.index())) {
      // an answer to a request asked again, arriving after all: not ours to run now
      run.coordinator.tell(new PartitionReturned(p.index(), m.attempt()));
      return Behaviors.same();
    }
    if (run.cannotRun != null) {
      run.coordinator.tell(new PartitionFailed(p.index(), m.attempt(), run.cannotRun));
      askForWork(run);
      return Behaviors.same();
    }
    try {
      start(run, p, m.attempt());
    } catch (RuntimeException e) { // settings this node cannot use, e.g. a secret it does not have
      run.coordinator.tell(new PartitionFailed(p.index(), m.attempt(), Failures.message(e)));
      askForWork(run);
    }
    return Behaviors.same();
  }

  private void start(WorkerRun run, Partition p, int attempt) {
    var job = run.job;
    ModelCall call = new PooledModelCall(run.pool, ctx.getSystem().scheduler(), metrics, job.errors().batchTimeout(),
        run.replicas, run.translator);
    boolean jdbcIn = JdbcLocations.isJdbc(job.input().uri());
    boolean jdbcOut = JdbcLocations.isJdbc(job.output().uri());
    io.sluice.connectors.storage.Storage in = jdbcIn ? null : services.storages().forUri(job.input().uri(), job.input().store());
    io.sluice.connectors.storage.Storage out = jdbcOut ? null : services.storages().forUri(job.output().uri(), job.output().store());
    ThrottledProgress progress = new ThrottledProgress(run.coordinator, p.index(), attempt);
    PartitionStream stream = new PartitionStream(job, p, in, out, call, run.predictionColumns, progress);
    if (jdbcIn || jdbcOut) {
      stream = stream.withDatabases(run.runId, jdbcIn ? JdbcLocations.input(services.storages(), job) : null,
          jdbcOut ? JdbcLocations.output(services.storages(), job) : null);
    }
    var started = stream.start(services.materializer());
    run.running.put(p.index(), new WorkerRun.Running(attempt, started.first(), progress));
    String runId = run.runId;
    ctx.pipeToSelf(stream.rowsThrough(), (done, failure) -> new RowsThrough(runId, p.index(), attempt, failure == null));
    ctx.pipeToSelf(started.second(), (stats, failure) ->
        new PartitionSettled(runId, p.index(), attempt, stats, failure == null ? null : Failures.message(failure)));
  }

  /** The attempt only commits now: its slot goes to the next partition. */
  private Behavior<Command> rowsThrough(RowsThrough m) {
    WorkerRun run = runs.get(m.runId());
    WorkerRun.Running running = run == null ? null : run.running.get(m.partition());
    if (!m.through() || running == null || running.attempt() != m.attempt()) return Behaviors.same();
    run.committing.add(m.partition());
    askForWork(run);
    return Behaviors.same();
  }

  private Behavior<Command> noPartitionLeft(NoPartitionLeft m) {
    WorkerRun run = runs.get(m.runId());
    if (run != null) {
      answered(run);
      run.exhausted = true;
    }
    return Behaviors.same();
  }

  private Behavior<Command> settled(PartitionSettled m) {
    WorkerRun run = runs.get(m.runId());
    WorkerRun.Running running = run == null ? null : run.running.get(m.partition());
    if (running == null || running.attempt() != m.attempt()) return Behaviors.same();
    run.running.remove(m.partition());
    run.committing.remove(m.partition());
    if (m.failure() == null) {
      run.coordinator.tell(new PartitionCommitted(m.partition(), m.attempt(), m.stats()));
      metrics.partitionCommitted();
      metrics.recordsRead(m.stats().recordsIn());
      metrics.recordsWritten(m.stats().recordsOut());
      metrics.badRecords(m.stats().badRecords());
    } else {
      run.coordinator.tell(new PartitionFailed(m.partition(), m.attempt(), m.failure()));
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
    timers.cancel(heartbeatKey(run));
    timers.cancel(requestKey(run));
    run.running.values().forEach(r -> r.killSwitch().abort(new CancellationException(why)));
    if (run.pool != null) ctx.stop(run.pool);
  }

  /** Before a restart forgets them: every running partition is aborted and reported failed, to be retried. */
  private Behavior<Command> failRunning(String why) {
    for (WorkerRun run : runs.values()) {
      failRunningOf(run, why);
      if (run.pool != null) ctx.stop(run.pool);
    }
    return Behaviors.same();
  }

  private Behavior<Command> handBack(HandBack m) {
    leaving = true;
    ctx.getSystem().receptionist().tell(Receptionist.deregister(KEY, ctx.getSelf()));
    for (WorkerRun run : runs.values()) {
      run.running.forEach((index, r) -> {
        run.coordinator.tell(new PartitionReturned(index, r.attempt()));
        r.killSwitch().abort(new CancellationException("node leaving"));
      });
      run.running.clear();
      run.committing.clear();
    }
    ctx.getLog().info("leaving: running partitions handed back");
    m.replyTo().tell(Done.getInstance());
    return Behaviors.same();
  }
}
