package io.sluice.engine.run;

import io.sluice.engine.CborSerializable;
import io.sluice.engine.job.JobException;
import io.sluice.engine.job.JobParser;
import io.sluice.engine.job.JobSpec;
import io.sluice.engine.node.NodeServices;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The management actor: submits, lists, shows and cancels runs. Each run gets its own
 * {@link RunCoordinator} child; the manager keeps every run's latest status, also after it
 * ended. The CLI and the HTTP API only translate to these messages.
 */
public final class RunManager {

  /** What the run manager understands. */
  public interface Command extends CborSerializable {}

  /** Start a run of the job (HOCON or JSON text); answered once the job is checked and planned. */
  public record SubmitRun(String job, ActorRef<SubmitReply> replyTo) implements Command {}

  /** The answer to {@link SubmitRun}. */
  public sealed interface SubmitReply extends CborSerializable permits Accepted, Rejected {}

  /** The run is planned and running. */
  public record Accepted(String runId) implements SubmitReply {}

  /** The job is invalid; the error names the key and the problem. */
  public record Rejected(String error) implements SubmitReply {}

  /** One run's status; {@code status} is null for an unknown run id. */
  public record GetRun(String runId, ActorRef<RunReply> replyTo) implements Command {}

  /** The answer to {@link GetRun}. */
  public record RunReply(RunStatus status) implements CborSerializable {}

  /** Every known run, newest first. */
  public record ListRuns(ActorRef<RunList> replyTo) implements Command {}

  /** The answer to {@link ListRuns}. */
  public record RunList(List<RunStatus> runs) implements CborSerializable {}

  /** Cancel a run; {@code found} is false for an unknown or already ended run. */
  public record CancelRun(String runId, ActorRef<CancelReply> replyTo) implements Command {}

  /** The answer to {@link CancelRun}. */
  public record CancelReply(boolean found) implements CborSerializable {}

  /** A coordinator's latest status of its run. */
  public record RunUpdated(RunStatus status) implements Command {}

  /** A coordinator found its job invalid; the run is forgotten. */
  public record RunRejected(String runId) implements Command {}

  private record CoordinatorStopped(String runId) implements Command {}

  private static final int HISTORY = 200;
  private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  public static Behavior<Command> create(NodeServices services) {
    return Behaviors.setup(ctx -> new RunManager(ctx, services).behavior());
  }

  private final ActorContext<Command> ctx;
  private final NodeServices services;
  private final Map<String, RunStatus> runs = new LinkedHashMap<>();
  private final Map<String, ActorRef<RunCoordinator.Command>> coordinators = new LinkedHashMap<>();

  private RunManager(ActorContext<Command> ctx, NodeServices services) {
    this.ctx = ctx;
    this.services = services;
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(SubmitRun.class, this::submit)
        .onMessage(GetRun.class, m -> { m.replyTo().tell(new RunReply(runs.get(m.runId()))); return Behaviors.same(); })
        .onMessage(ListRuns.class, m -> { m.replyTo().tell(new RunList(newestFirst())); return Behaviors.same(); })
        .onMessage(CancelRun.class, this::cancel)
        .onMessage(RunUpdated.class, m -> { runs.put(m.status().runId(), m.status()); return Behaviors.same(); })
        .onMessage(RunRejected.class, m -> { runs.remove(m.runId()); return Behaviors.same(); })
        .onMessage(CoordinatorStopped.class, this::coordinatorStopped)
        .build();
  }

  private Behavior<Command> submit(SubmitRun m) {
    JobSpec job;
    try {
      job = JobParser.parse(m.job());
    } catch (JobException e) {
      m.replyTo().tell(new Rejected(e.getMessage()));
      return Behaviors.same();
    }
    String runId = job.name() + "-" + RUN_ID_TIME.format(Instant.now()) + "-"
        + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    runs.put(runId, RunStatus.pending(runId, job.name(), job.output().uri().toString(), Instant.now()));
    ActorRef<RunCoordinator.Command> coordinator =
        ctx.spawn(RunCoordinator.create(runId, job, services, ctx.getSelf(), m.replyTo()), "run-" + runId);
    ctx.watchWith(coordinator, new CoordinatorStopped(runId));
    coordinators.put(runId, coordinator);
    forgetOldRuns();
    return Behaviors.same();
  }

  private Behavior<Command> cancel(CancelRun m) {
    ActorRef<RunCoordinator.Command> coordinator = coordinators.get(m.runId());
    if (coordinator != null) coordinator.tell(new RunCoordinator.Cancel());
    m.replyTo().tell(new CancelReply(coordinator != null));
    return Behaviors.same();
  }

  /** A coordinator that stopped without a final status crashed: its run failed. */
  private Behavior<Command> coordinatorStopped(CoordinatorStopped m) {
    coordinators.remove(m.runId());
    RunStatus last = runs.get(m.runId());
    if (last != null && !last.status().isFinal()) {
      runs.put(m.runId(), new RunStatus(last.runId(), last.job(), RunState.FAILED, last.partitions(), last.records(),
          last.startedAt(), Instant.now(), "the run's coordinator stopped unexpectedly", last.output(),
          last.bytesTotal(), last.bytesDone()));
    }
    return Behaviors.same();
  }

  private List<RunStatus> newestFirst() {
    List<RunStatus> list = new ArrayList<>(runs.values());
    java.util.Collections.reverse(list);
    return list;
  }

  private void forgetOldRuns() {
    var it = runs.entrySet().iterator();
    while (runs.size() > HISTORY && it.hasNext()) {
      if (!coordinators.containsKey(it.next().getKey())) it.remove();
    }
  }
}
