package io.sluice.engine.run;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where the run manager keeps registered jobs and run history beyond its own life, so that a
 * new manager (after a coordinator node is lost) starts from what the old one knew.
 */
public interface ManagerMemory {

  /** What a new manager starts from. */
  record Snapshot(List<RegisteredJob> jobs, List<RunStatus> runs) {}

  CompletionStage<Snapshot> load();

  /** Stored before the returned stage completes: a registration is only confirmed once it is kept. */
  CompletionStage<Void> saveJob(RegisteredJob job);

  CompletionStage<Void> removeJob(String name);

  /** Best effort: a status lost in a crash is replaced by the next one. */
  void saveRun(RunStatus run);

  void forgetRun(String runId);

  /** A single node without a cluster: nothing outlives the process, nothing needs to. */
  ManagerMemory NONE = new ManagerMemory() {
    @Override
    public CompletionStage<Snapshot> load() {
      return CompletableFuture.completedFuture(new Snapshot(List.of(), List.of()));
    }

    @Override
    public CompletionStage<Void> saveJob(RegisteredJob job) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> removeJob(String name) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void saveRun(RunStatus run) {}

    @Override
    public void forgetRun(String runId) {}
  };
}
