package io.sluice.engine.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;

/**
 * The run manager's memory in Pekko Distributed Data, replicated to every node: registered
 * jobs are written to a majority before a registration is confirmed (and kept on disk where
 * {@code sluice-jobs} is a durable key); run statuses, saved only when a run's state changes,
 * are written to a majority too but without waiting for it, so a failover finds them.
 */
public final class ReplicatedMemory implements ManagerMemory {
  static final Key<LWWMap<String, RegisteredJob>> JOBS = LWWMapKey.create("sluice-jobs");
  static final Key<LWWMap<String, RunStatus>> RUNS = LWWMapKey.create("sluice-runs");
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final ActorSystem<?> system;
  private final ActorRef<Replicator.Command> replicator;
  private final SelfUniqueAddress self;

  public ReplicatedMemory(ActorSystem<?> system) {
    this.system = system;
    this.replicator = DistributedData.get(system).replicator();
    this.self = DistributedData.get(system).selfUniqueAddress();
  }

  @Override
  public CompletionStage<Snapshot> load() {
    return values(JOBS).thenCombine(values(RUNS), Snapshot::new);
  }

  /** A majority read, falling back to what this node has when no majority answers (a lone survivor). */
  private <V> CompletionStage<List<V>> values(Key<LWWMap<String, V>> key) {
    return get(key, new Replicator.ReadMajority(TIMEOUT)).thenCompose(response ->
        response instanceof Replicator.GetFailure ? get(key, Replicator.readLocal()) : java.util.concurrent.CompletableFuture.completedFuture(response))
        .thenApply(response -> response instanceof Replicator.GetSuccess<LWWMap<String, V>> found
            ? new ArrayList<>(found.get(key).getEntries().values()) : new ArrayList<>());
  }

  private <V> CompletionStage<Replicator.GetResponse<LWWMap<String, V>>> get(Key<LWWMap<String, V>> key,
      Replicator.ReadConsistency consistency) {
    return AskPattern.ask(replicator, replyTo -> new Replicator.Get<>(key, consistency, replyTo),
        TIMEOUT.plusSeconds(1), system.scheduler());
  }

  @Override
  public CompletionStage<Void> saveJob(RegisteredJob job) {
    return update(JOBS, new Replicator.WriteMajority(TIMEOUT), map -> map.put(self, job.name(), job));
  }

  @Override
  public CompletionStage<Void> removeJob(String name) {
    return update(JOBS, new Replicator.WriteMajority(TIMEOUT), map -> map.remove(self, name));
  }

  @Override
  public void saveRun(RunStatus run) {
    update(RUNS, new Replicator.WriteMajority(TIMEOUT), map -> map.put(self, run.runId(), run));
  }

  @Override
  public void forgetRun(String runId) {
    update(RUNS, Replicator.writeLocal(), map -> map.remove(self, runId));
  }

  private <V> CompletionStage<Void> update(Key<LWWMap<String, V>> key, Replicator.WriteConsistency consistency,
      Function<LWWMap<String, V>, LWWMap<String, V>> modify) {
    CompletionStage<Replicator.UpdateResponse<LWWMap<String, V>>> reply = AskPattern.ask(replicator,
        replyTo -> new Replicator.Update<>(key, LWWMap.create(), consistency, replyTo, modify), TIMEOUT.plusSeconds(1),
        system.scheduler());
    return reply.thenApply(response -> {
      if (!(response instanceof Replicator.UpdateSuccess)) {
        throw new IllegalStateException("replication of " + key.id() + " failed: " + (response instanceof Replicator.UpdateTimeout
            ? "a majority of the nodes did not confirm it within " + TIMEOUT.toSeconds() + " s" : "the store refused it"));
      }
      return null;
    });
  }
}
