package io.sluice.engine.run;

import io.sluice.connectors.storage.Storage;
import io.sluice.engine.CborSerializable;
import io.sluice.engine.Failures;
import io.sluice.engine.job.JobSpec;
import io.sluice.engine.job.WriteMode;
import io.sluice.engine.metrics.Metrics;
import io.sluice.engine.services.NodeServices;
import io.sluice.engine.plan.JdbcLocations;
import io.sluice.engine.plan.OutputLocation;
import io.sluice.engine.plan.Partition;
import io.sluice.engine.plan.PreparedRun;
import io.sluice.engine.work.PartitionWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * One run, from plan to manifest: prepares the job, hands partitions to the partition
 * workers that ask for them, keeps the ledger, retries failed partitions with backoff,
 * applies the error budget, and writes {@code _manifest.json} and {@code _SUCCESS}.
 */
public final class RunCoordinator {

  /** What the coordinator understands. */
  public sealed interface Command extends CborSerializable permits Cancel, WorkerReport, Prepared, NotPrepared,
      WorkersChanged, RetryDue, WorkerGone, ManifestWritten, Tick, SettleTimeout, GetDetail, SampleRead {}

  /** Stop handing out, stop what runs, and end the run as CANCELLED. */
  public record Cancel() implements Command {}

  /** The run's detail for the console, with its manifest when {@code withManifest}. */
  public record GetDetail(boolean withManifest, ActorRef<RunDetail> replyTo) implements Command {}

  /** The bad records read back for a detail: {@code files} errors files were looked at. */
  private record SampleRead(List<RunDetail.BadRecordLine> sample, int files, GetDetail request) implements Command {}

  /** What a partition worker reports, in the worker's own protocol. */
  private record WorkerReport(PartitionWorker.Report report) implements Command {}

  private record Prepared(PreparedRun run) implements Command {}

  /** Preparing failed; {@code heldBy} is set when another run holds the output location. */
  private record NotPrepared(String error, String heldBy) implements Command {}

  private record WorkersChanged(Receptionist.Listing listing) implements Command {}

  private record RetryDue(int partition) implements Command {}

  private record WorkerGone(ActorRef<PartitionWorker.Command> worker) implements Command {}

  private record ManifestWritten(String failure, List<RunDetail.BadRecordLine> sample) implements Command {}

  private enum Tick implements Command { INSTANCE }

  private enum SettleTimeout implements Command { INSTANCE }

  private static final Duration PUBLISH_INTERVAL = Duration.ofMillis(200);
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

  public static Behavior<Command> create(String runId, JobSpec job, NodeServices services,
      ActorRef<RunManager.Command> manager, ActorRef<RunManager.SubmitReply> submitter) {
    // Every line the coordinator logs is about its run: the run id goes into the MDC (JSON logs show it).
    return Behaviors.withMdc(Command.class, java.util.Map.of("runId", runId), Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new RunCoordinator(ctx, timers, runId, job, services, manager, submitter).preparing())));
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final String runId;
  private final JobSpec job;
  private final NodeServices services;
  private final ActorRef<RunManager.Command> manager;
  private final ActorRef<RunManager.SubmitReply> submitter;
  private final Instant startedAt = Instant.now();
  private final Set<ActorRef<PartitionWorker.Command>> workers = new HashSet<>();
  private PreparedRun run;
  private Ledger<ActorRef<PartitionWorker.Command>> ledger;
  private RunState state = RunState.PENDING;
  private String error;
  private Instant finishedAt;
  private boolean cancelRequested;
  /** The coordinator's address for the workers' reports, adapted into {@link WorkerReport}. */
  private ActorRef<PartitionWorker.Report> reports;
  private boolean dirty = true;
  private CompletionStage<Done> startManifest = CompletableFuture.completedFuture(Done.getInstance());
  private final OutputLock lock;
  /** What the console sees of the run. */
  private final RunDetailView view;

  private RunCoordinator(ActorContext<Command> ctx, TimerScheduler<Command> timers, String runId, JobSpec job,
      NodeServices services, ActorRef<RunManager.Command> manager, ActorRef<RunManager.SubmitReply> submitter) {
    this.ctx = ctx;
    this.timers = timers;
    this.runId = runId;
    this.job = job;
    this.services = services;
    this.manager = manager;
    this.submitter = submitter;
    this.lock = new OutputLock(job.output().uri(), runId);
    this.view = new RunDetailView(ctx.getSystem().address());
  }

  private Behavior<Command> preparing() {
    ctx.pipeToSelf(prepareAndClear(), (prepared, failure) -> failure == null ? new Prepared(prepared)
        : new NotPrepared(Failures.message(failure), Failures.unwrap(failure) instanceof OutputLock.Held held ? held.heldBy() : null));
    return Behaviors.receive(Command.class)
        .onMessage(Prepared.class, m -> start(m.run()))
        .onMessage(NotPrepared.class, m -> reject(m.error(), m.heldBy()))
        .onMessage(Cancel.class, m -> { cancelRequested = true; return Behaviors.same(); })
        .onMessage(GetDetail.class, m -> {
          m.replyTo().tell(RunDetail.statusOnly(RunStatus.pending(runId, job.name(), OutputLocation.name(job.output()), startedAt)));
          return Behaviors.same();
        })
        .onSignal(PostStop.class, this::stopped)
        .build();
  }

  /**
   * A {@code file:} output folder is locked before anything is written or deleted there: at once
   * when it exists (so a refusal names the run that holds it), else once the job is checked.
   */
  private CompletionStage<PreparedRun> prepareAndClear() {
    return CompletableFuture.runAsync(() -> lock.acquire(false), services.blocking())
        .thenCompose(v -> services.preparation().prepare(job))
        .thenApplyAsync(prepared -> {
          lock.acquire(true);
          return prepared;
        }, services.blocking())
        // The run holds the location now: an earlier run's killed writes cannot still be going on there.
        .thenCompose(prepared -> RunRecord.clearLeftovers(services, job).thenApply(done -> prepared))
        .thenCompose(prepared -> job.output().mode() == WriteMode.OVERWRITE
            ? RunRecord.clearEarlier(services, job).thenApply(done -> prepared)
            : CompletableFuture.completedFuture(prepared));
  }

  private Behavior<Command> stopped(PostStop signal) {
    lock.release();
    return Behaviors.same();
  }

  private Behavior<Command> reject(String problem, String heldBy) {
    ctx.getLog().info("run {} rejected: {}", runId, problem); // the caller is told; at WARN a CLI user read it twice
    lock.release();
    submitter.tell(heldBy == null ? new RunManager.Rejected(problem) : new RunManager.Conflict(problem, heldBy));
    manager.tell(new RunManager.RunRejected(runId));
    return Behaviors.stopped();
  }

  private Behavior<Command> start(PreparedRun prepared) {
    run = prepared;
    ledger = new Ledger<>(prepared.partitions(), job.errors().leaseTimeout());
    prepared.committedEarlier().forEach(ledger::keep);
    state = RunState.RUNNING;
    // The plan goes to the output first: a run killed before its end can then be resumed.
    startManifest = RunRecord.write(services, run, runId, RunState.RUNNING, Manifest.render(run, status(), ledger));
    submitter.tell(new RunManager.Accepted(runId));
    ctx.getLog().info("run {} started: {} partitions from {} files ({} kept from an earlier run)", runId, ledger.size(),
        prepared.inputFiles(), prepared.committedEarlier().size());
    reports = ctx.messageAdapter(PartitionWorker.Report.class, WorkerReport::new);
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(PartitionWorker.KEY,
        ctx.messageAdapter(Receptionist.Listing.class, WorkersChanged::new)));
    timers.startTimerAtFixedRate(Tick.INSTANCE, PUBLISH_INTERVAL);
    if (cancelRequested) return cancel();
    dirty = true;
    publish();
    return running();
  }

  /**
   * Hands out partitions, takes reports, retries failed and lapsed attempts. A change is published with the next
   * tick, not at once: with thousands of partitions a second, a status per commit would flood the manager (and,
   * on a cluster, Distributed Data) with snapshots no one reads.
   */
  private Behavior<Command> running() {
    dirty = true;
    if (ledger.allCommitted()) return finish();
    return Behaviors.receive(Command.class)
        .onMessage(WorkersChanged.class, m -> workersChanged(m.listing()))
        .onMessage(WorkerReport.class, m -> report(m.report()))
        .onMessage(RetryDue.class, m -> retry(m.partition()))
        .onMessage(WorkerGone.class, m -> workerGone(m.worker()))
        .onMessage(Cancel.class, m -> cancel())
        .onMessage(Tick.class, m -> { publish(); return lapsed(); })
        .onMessage(GetDetail.class, this::detailAsked)
        .onMessage(SampleRead.class, this::sampleRead)
        .onSignal(PostStop.class, this::stopped)
        .build();
  }

  private Behavior<Command> report(PartitionWorker.Report report) {
    if (report instanceof PartitionWorker.RequestPartition m) return handOut(m.worker());
    if (report instanceof PartitionWorker.PartitionProgress m) return progress(m);
    if (report instanceof PartitionWorker.PartitionCommitted m) return committed(m);
    if (report instanceof PartitionWorker.PartitionFailed m) return attemptFailed(m.partition(), m.attempt(), m.reason());
    if (report instanceof PartitionWorker.PartitionReturned m) return returned(m);
    throw new IllegalArgumentException("unknown report " + report);
  }

  private Behavior<Command> progress(PartitionWorker.PartitionProgress m) {
    ledger.progress(m.partition(), m.attempt(), m.recordsRead(), System.nanoTime());
    dirty = true;
    return Behaviors.same();
  }

  private Behavior<Command> workersChanged(Receptionist.Listing listing) {
    for (ActorRef<PartitionWorker.Command> worker : listing.getServiceInstances(PartitionWorker.KEY)) {
      if (workers.add(worker)) {
        ctx.watchWith(worker, new WorkerGone(worker));
        worker.tell(workAvailable());
      }
    }
    return Behaviors.same();
  }

  private PartitionWorker.WorkAvailable workAvailable() {
    return new PartitionWorker.WorkAvailable(runId, job, run.predictionColumns(), reports);
  }

  private Behavior<Command> handOut(ActorRef<PartitionWorker.Command> worker) {
    if (workers.add(worker)) ctx.watchWith(worker, new WorkerGone(worker));
    var next = ledger.assignNext(worker, System.nanoTime());
    if (next.isPresent()) {
      worker.tell(new PartitionWorker.Assignment(runId, next.get().partition(), next.get().attempt()));
      dirty = true;
    } else {
      worker.tell(new PartitionWorker.NoPartitionLeft(runId));
    }
    return Behaviors.same();
  }

  private Behavior<Command> committed(PartitionWorker.PartitionCommitted m) {
    if (!ledger.isCurrent(m.partition(), m.attempt())) {
      ctx.getLog().info("run {}: ignoring a late result of partition {} attempt {}", runId, m.partition(), m.attempt());
      return Behaviors.same();
    }
    ledger.committed(m.partition(), m.stats());
    RunStatus.Records records = ledger.records();
    if (job.errors().maxBadRecordFraction() == 0 && records.bad() > job.errors().maxBadRecords()) {
      // no later partition can bring the run back within an absolute budget: stop now
      return stop(RunState.FAILED, records.bad() + " bad records exceed the error budget of " + job.errors().maxBadRecords()
          + " (errors.max-bad-records; stopped early, " + ledger.count(Ledger.State.COMMITTED) + " of " + ledger.size()
          + " partitions done)");
    }
    return running();
  }

  /** The attempt failed, or its lease lapsed: retried with backoff while retries last, else the run fails. */
  private Behavior<Command> attemptFailed(int index, int attempt, String reason) {
    if (!ledger.isCurrent(index, attempt)) return Behaviors.same();
    Partition p = ledger.partition(index);
    int attempts = ledger.attempts(index);
    if (attempts <= job.errors().partitionRetries()) {
      Duration backoff = backoff(attempts);
      ctx.getLog().warn("run {}: partition {} ({} @ {}) attempt {} failed, retrying in {} ms: {}",
          runId, index, p.source(), p.offset(), attempts, backoff.toMillis(), reason);
      ledger.attemptFailed(index, reason);
      timers.startSingleTimer(new RetryDue(index), backoff);
      return running();
    }
    ledger.failed(index, reason);
    return stop(RunState.FAILED, "partition " + index + " (" + p.source() + " @ " + p.offset() + ") failed after "
        + attempts + " attempts: " + reason);
  }

  /**
   * Attempts the coordinator heard nothing from within the lease: their assignment, heartbeats or result were lost,
   * or their node cannot be reached. Each is failed as an attempt, so it is handed out again as a new one; a late
   * result of it is then stale.
   */
  private Behavior<Command> lapsed() {
    Behavior<Command> next = Behaviors.same();
    for (Ledger.Assigned lapsed : ledger.lapsed(System.nanoTime())) {
      next = attemptFailed(lapsed.partition().index(), lapsed.attempt(), "no word from its worker within "
          + job.errors().leaseTimeout().toMillis() + " ms (errors.lease-timeout): the attempt is taken as lost");
      if (state != RunState.RUNNING) return next;
    }
    return next;
  }

  /** Exponential backoff with jitter, so retries of many partitions do not arrive together. */
  private Duration backoff(int attempts) {
    long base = job.errors().retryBackoff().toMillis() << Math.min(attempts - 1, 16);
    return Duration.ofMillis((long) (base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble())));
  }

  private Behavior<Command> retry(int index) {
    ledger.requeue(index);
    workers.forEach(w -> w.tell(workAvailable()));
    return running();
  }

  private Behavior<Command> returned(PartitionWorker.PartitionReturned m) {
    if (!ledger.isCurrent(m.partition(), m.attempt())) return Behaviors.same();
    ctx.getLog().info("run {}: partition {} handed back by its worker", runId, m.partition());
    ledger.requeue(m.partition());
    workers.forEach(w -> w.tell(workAvailable()));
    return running();
  }

  private Behavior<Command> workerGone(ActorRef<PartitionWorker.Command> worker) {
    workers.remove(worker);
    for (int index : ledger.runningOn(worker)) {
      ctx.getLog().warn("run {}: worker {} is gone, partition {} goes back to the queue", runId, worker.path(), index);
      ledger.requeue(index);
    }
    workers.forEach(w -> w.tell(workAvailable()));
    return running();
  }

  private Behavior<Command> cancel() {
    ctx.getLog().info("run {}: cancelled", runId);
    return stop(RunState.CANCELLED, "cancelled");
  }

  /** Ends the run early: nothing more is handed out, running partitions are told to stop. */
  private Behavior<Command> stop(RunState finalState, String reason) {
    state = finalState;
    error = reason;
    ledger.stopHandingOut();
    for (int i = 0; i < ledger.size(); i++) if (ledger.state(i) == Ledger.State.WAITING_RETRY) ledger.failed(i, ledger.error(i));
    ledger.busyWorkers().forEach(w -> w.tell(new PartitionWorker.CancelRun(runId)));
    timers.startSingleTimer(SettleTimeout.INSTANCE, SETTLE_TIMEOUT);
    return stopping();
  }

  /**
   * The run has ended early (cancelled, out of its error budget, a partition out of retries): nothing is handed out
   * or retried; what still runs settles (commits count, anything else fails), and the manifest is written once
   * nothing runs or the settle timeout is over.
   */
  private Behavior<Command> stopping() {
    dirty = true;
    publish();
    if (ledger.count(Ledger.State.RUNNING) == 0) return writeManifest();
    return Behaviors.receive(Command.class)
        .onMessage(WorkerReport.class, m -> settling(m.report()))
        .onMessage(WorkerGone.class, m -> {
          workers.remove(m.worker());
          ledger.runningOn(m.worker()).forEach(index -> ledger.failed(index, "worker gone"));
          return stopping();
        })
        .onMessage(Tick.class, m -> {
          publish();
          ledger.lapsed(System.nanoTime()).forEach(a -> ledger.failed(a.partition().index(), "no word from its worker"));
          return ledger.count(Ledger.State.RUNNING) == 0 ? stopping() : Behaviors.same();
        })
        .onMessage(SettleTimeout.class, m -> writeManifest())
        .onMessage(WorkersChanged.class, m -> Behaviors.same())
        .onMessage(RetryDue.class, m -> Behaviors.same())
        .onMessage(Cancel.class, m -> Behaviors.same())
        .onMessage(GetDetail.class, this::detailAsked)
        .onMessage(SampleRead.class, this::sampleRead)
        .onSignal(PostStop.class, this::stopped)
        .build();
  }

  private Behavior<Command> settling(PartitionWorker.Report report) {
    if (report instanceof PartitionWorker.RequestPartition m) {
      m.worker().tell(new PartitionWorker.NoPartitionLeft(runId));
      return Behaviors.same();
    }
    if (report instanceof PartitionWorker.PartitionProgress m) return progress(m);
    if (report instanceof PartitionWorker.PartitionCommitted m && ledger.isCurrent(m.partition(), m.attempt())) {
      ledger.committed(m.partition(), m.stats());
    } else if (report instanceof PartitionWorker.PartitionFailed m && ledger.isCurrent(m.partition(), m.attempt())) {
      ledger.failed(m.partition(), m.reason());
    } else if (report instanceof PartitionWorker.PartitionReturned m && ledger.isCurrent(m.partition(), m.attempt())) {
      ledger.failed(m.partition(), "handed back");
    }
    return stopping();
  }

  /** Every partition is committed: the error budget decides between success and failure. */
  private Behavior<Command> finish() {
    RunStatus.Records records = ledger.records();
    long budget = job.errors().budget(records.in());
    if (records.bad() > budget) {
      state = RunState.FAILED;
      error = records.bad() + " bad records exceed the error budget of " + budget + " (errors.max-bad-records = "
          + job.errors().maxBadRecords() + ", errors.max-bad-record-fraction = " + job.errors().maxBadRecordFraction()
          + " of " + records.in() + " records read)";
    } else {
      state = RunState.SUCCEEDED;
    }
    return writeManifest();
  }

  private Behavior<Command> writeManifest() {
    finishedAt = Instant.now();
    timers.cancelAll();
    String manifest = Manifest.render(run, status(), ledger);
    CompletionStage<Done> written = startManifest.exceptionally(failure -> Done.getInstance()).thenCompose(d -> RunRecord.write(
        services, run, runId, state, manifest));
    // The run's last bad-record sample is read with the manifest's writing, so that the detail the manager keeps has it.
    List<String> errorFiles = RunDetailView.errorFiles(ledger);
    CompletionStage<List<RunDetail.BadRecordLine>> sample = view.sample(errorFiles, outputStorage(), job.output().uri(),
        services.materializer()).exceptionally(failure -> view.badSample());
    ctx.pipeToSelf(written.handle((done, failure) -> failure).thenCombine(sample, (failure, lines) ->
        new ManifestWritten(failure == null ? null : Failures.message(failure), lines)), (m, failure) -> m);
    return Behaviors.receive(Command.class)
        .onMessage(ManifestWritten.class, m -> {
          view.sampled(m.sample(), errorFiles.size());
          return ended(m.failure(), manifest);
        })
        .onMessage(WorkerReport.class, m -> {
          if (m.report() instanceof PartitionWorker.RequestPartition r) r.worker().tell(new PartitionWorker.NoPartitionLeft(runId));
          return Behaviors.same();
        })
        .onMessage(GetDetail.class, m -> { m.replyTo().tell(detail(m.withManifest() ? manifest : null)); return Behaviors.same(); })
        .onAnyMessage(m -> Behaviors.same())
        .onSignal(PostStop.class, this::stopped)
        .build();
  }

  private Behavior<Command> ended(String manifestFailure, String manifest) {
    if (manifestFailure != null) {
      state = RunState.FAILED;
      error = "cannot write the manifest: " + manifestFailure;
    }
    ctx.getLog().info("run {} {}{}", runId, state, error == null ? "" : ": " + error);
    workers.forEach(w -> w.tell(new PartitionWorker.RunEnded(runId)));
    lock.release();
    Metrics.get(ctx.getSystem()).runEnded(job.name(), state, finishedAt);
    view.sampleThroughput(finishedAt, ledger.records(), true);
    manager.tell(new RunManager.RunDetailKept(detail(manifest)));
    dirty = true;
    publish();
    return Behaviors.stopped();
  }

  private void publish() {
    if (ledger != null && state == RunState.RUNNING) view.sampleThroughput(Instant.now(), ledger.records(), false);
    if (!dirty) return;
    dirty = false;
    manager.tell(new RunManager.RunUpdated(status()));
  }

  private RunStatus status() {
    int running = ledger.count(Ledger.State.RUNNING);
    RunStatus.Partitions partitions = new RunStatus.Partitions(ledger.size(), ledger.count(Ledger.State.COMMITTED),
        running, ledger.count(Ledger.State.FAILED));
    return new RunStatus(runId, job.name(), visibleState(), partitions, ledger.records(), startedAt, finishedAt, error,
        OutputLocation.name(job.output()), run.inputBytes(), ledger.bytesDone());
  }

  /** A run ended early still runs until its manifest is written: only then may a reader act on its end. */
  private RunState visibleState() {
    return state.isFinal() && finishedAt == null ? RunState.RUNNING : state;
  }

  /** A detail's bad records are read back from the errors files, once more only when new ones were committed. */
  private Behavior<Command> detailAsked(GetDetail m) {
    List<String> errorFiles = RunDetailView.errorFiles(ledger);
    ctx.pipeToSelf(view.sample(errorFiles, outputStorage(), job.output().uri(), services.materializer()),
        (lines, failure) -> failure == null ? new SampleRead(lines, errorFiles.size(), m)
            : new SampleRead(view.badSample(), view.sampledFiles(), m));
    return Behaviors.same();
  }

  private Behavior<Command> sampleRead(SampleRead m) {
    view.sampled(m.sample(), m.files());
    m.request().replyTo().tell(detail(m.request().withManifest() ? Manifest.render(run, status(), ledger) : null));
    return Behaviors.same();
  }

  private RunDetail detail(String manifest) {
    return view.detail(status(), ledger, manifest);
  }

  /** The output's store; none for a database, whose bad records are in its errors table, not sampled here. */
  private Storage outputStorage() {
    if (JdbcLocations.isJdbc(job.output().uri())) return null;
    return services.storages().forUri(job.output().uri(), job.output().store());
  }
}
