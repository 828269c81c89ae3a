package io.sluice.engine.work;

import io.sluice.engine.job.JobSpec;
import io.sluice.engine.model.ModelWorker;
import io.sluice.engine.model.PredictionTranslator;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.UniqueKillSwitch;

/** A partition worker's view of one run: its coordinator, its model pool, and what it runs or asked for. */
final class WorkerRun {
  final String runId;
  final JobSpec job;
  final List<String> predictionColumns;
  final ActorRef<PartitionWorker.Report> coordinator;
  /** For a job without a lease timeout (it cannot come from the parser): its partitions are asked for and failed. */
  private static final Duration UNUSABLE_JOB_LEASE = Duration.ofSeconds(30);
  private final Duration heartbeatInterval;
  /** Running partitions by index: the attempt they run as, and the switch that aborts them. */
  final Map<Integer, Running> running = new HashMap<>();
  ActorRef<ModelWorker.Command> pool;
  /**
   * The pool's size, set with {@link #pool}: read once, since "auto" asks the JVM for its processors, which in a
   * container reads the cgroup's files each time.
   */
  int replicas;
  /** The model's outputs as the job's predictions; set with {@link #pool}. */
  PredictionTranslator translator;
  /** Why this node cannot run the job's partitions (the model does not load, the job is unusable here), or null. */
  String cannotRun;
  int requested;
  boolean exhausted;

  /** One partition attempt running here. */
  record Running(int attempt, UniqueKillSwitch killSwitch, ThrottledProgress progress) {}

  /** Running partitions whose rows are all through, only committing (by index); they do not take a slot. */
  final Set<Integer> committing = new HashSet<>();

  WorkerRun(String runId, JobSpec job, List<String> predictionColumns, ActorRef<PartitionWorker.Report> coordinator) {
    this.runId = runId;
    this.job = job;
    this.predictionColumns = predictionColumns;
    this.coordinator = coordinator;
    Duration lease = job.errors() == null ? null : job.errors().leaseTimeout();
    this.heartbeatInterval = (lease == null ? UNUSABLE_JOB_LEASE : lease).dividedBy(3);
  }

  boolean modelSettled() {
    return pool != null || cannotRun != null;
  }

  /** How many more partitions to ask for now. */
  int room() {
    if (!modelSettled() || exhausted) return 0;
    int slots = Math.min(partitionsInFlight() - working(), 2 * partitionsInFlight() - running.size());
    return Math.max(0, slots - requested);
  }

  /**
   * Partitions that still read or compute. A committing one waits on its store (a sync, a rename, an upload's
   * completion), and with small partitions that wait is most of a partition's time: it must not hold a core idle.
   * At most as many again may be committing.
   */
  int working() {
    return running.size() - committing.size();
  }

  /** Whether one more assignment fits now. */
  boolean hasRoom() {
    return working() < partitionsInFlight() && running.size() < 2 * partitionsInFlight();
  }

  /** One at a time once the job proved unusable here: each is reported failed at once. */
  int partitionsInFlight() {
    return cannotRun != null ? 1 : job.workers().partitionsInFlight();
  }

  /**
   * How often running attempts renew their leases, and how long a request for work may go unanswered: a third of
   * the lease. The lease is read once, so that a job unusable here still asks for (and fails) its partitions.
   */
  Duration heartbeatInterval() {
    return heartbeatInterval;
  }
}
