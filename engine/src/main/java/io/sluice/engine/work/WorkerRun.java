package io.sluice.engine.work;

import io.sluice.engine.job.JobSpec;
import io.sluice.engine.model.ModelWorker;
import io.sluice.engine.model.PredictionTranslator;
import io.sluice.engine.run.RunCoordinator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.UniqueKillSwitch;

/** A partition worker's view of one run: its coordinator, its model pool, and what it runs or asked for. */
final class WorkerRun {
  final String runId;
  final JobSpec job;
  final List<String> predictionColumns;
  final ActorRef<RunCoordinator.Command> coordinator;
  /** Running partitions by index: the attempt they run as, and the switch that aborts them. */
  final Map<Integer, Running> running = new HashMap<>();
  ActorRef<ModelWorker.Command> pool;
  /** The model's outputs as the job's predictions; set with {@link #pool}. */
  PredictionTranslator translator;
  String modelFailure;
  int requested;
  boolean exhausted;

  /** One partition attempt running here. */
  record Running(int attempt, UniqueKillSwitch killSwitch) {}

  WorkerRun(String runId, JobSpec job, List<String> predictionColumns, ActorRef<RunCoordinator.Command> coordinator) {
    this.runId = runId;
    this.job = job;
    this.predictionColumns = predictionColumns;
    this.coordinator = coordinator;
  }

  boolean modelSettled() {
    return pool != null || modelFailure != null;
  }

  /** How many more partitions to ask for now. */
  int room() {
    if (!modelSettled() || exhausted) return 0;
    return Math.max(0, job.workers().partitionsInFlight() - running.size() - requested);
  }
}
