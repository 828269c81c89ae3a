package io.sluice.engine.run;

import io.sluice.engine.CborSerializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A job kept by the run manager to run on demand ({@code trigger}) or on its schedule.
 *
 * @param job the job as HOCON text
 * @param schedule the cron expression (5 fields or a macro such as {@code @daily}), or null for trigger-only jobs
 * @param nextFireTime when the schedule fires next, or null
 * @param fires the most recent fires, newest first, at most {@link #FIRES_KEPT}; empty (never null), also for a job
 *     stored before fires were recorded
 */
public record RegisteredJob(String name, String job, String schedule, String overlap, Instant registeredAt,
    Instant nextFireTime, List<Fire> fires) implements CborSerializable {

  /** How many recent fires a registered job keeps. */
  public static final int FIRES_KEPT = 10;

  public RegisteredJob {
    fires = fires == null ? List.of() : List.copyOf(fires);
  }

  /** What started a fire. */
  public enum Cause {
    SCHEDULE, TRIGGER;

    /** The name as the API and the command line show it. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What came of a fire. */
  public enum Outcome {
    /** A run started: {@link Fire#runId()} says which. */
    RAN,
    /** A run of the job was in flight and the job's overlap is {@code skip}. */
    SKIPPED,
    /** A run of the job was in flight and the job's overlap is {@code queue}: it starts after that run. */
    QUEUED,
    /** The run was refused when submitted: {@link Fire#reason()} says why. */
    REFUSED;

    /** The name as the API, the command line and the metrics show it. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One fire of the job.
   *
   * @param at when it fired: the schedule's fire time, or when it was triggered
   * @param runId the run it started, or null
   * @param reason why it was skipped, queued or refused, or null
   */
  public record Fire(Instant at, Cause cause, Outcome outcome, String runId, String reason) implements CborSerializable {

    /** The same fire with its run's id, as when a queued fire's run starts. */
    public Fire withRunId(String id) {
      return new Fire(at, cause, outcome, id, reason);
    }

    /** The same fire with another reason. */
    public Fire withReason(String text) {
      return new Fire(at, cause, outcome, runId, text);
    }

    /** Whether this and {@code other} are the same fire, perhaps in different states. */
    boolean sameFire(Fire other) {
      return at.equals(other.at) && cause == other.cause;
    }
  }

  /** A newly registered job: no fires yet, its next fire time still to be worked out. */
  public static RegisteredJob registered(String name, String job, String schedule, String overlap, Instant registeredAt) {
    return new RegisteredJob(name, job, schedule, overlap, registeredAt, null, List.of());
  }

  /** The same job with another next fire time. */
  public RegisteredJob withNextFireTime(Instant next) {
    return new RegisteredJob(name, job, schedule, overlap, registeredAt, next, fires);
  }

  /** The same job with these recent fires (newest first). */
  public RegisteredJob withFires(List<Fire> recent) {
    return new RegisteredJob(name, job, schedule, overlap, registeredAt, nextFireTime, recent);
  }

  /** The same job with {@code fire} recorded: it replaces an earlier state of the same fire; the oldest fall out. */
  public RegisteredJob withFire(Fire fire) {
    List<Fire> recent = new ArrayList<>(fires.size() + 1);
    recent.add(fire);
    fires.stream().filter(f -> !f.sameFire(fire)).forEach(recent::add);
    recent.sort(Comparator.comparing(Fire::at).reversed());
    return withFires(recent.subList(0, Math.min(recent.size(), FIRES_KEPT)));
  }

  /** The fire recorded at {@code at} by {@code cause}, or null. */
  public Fire fire(Instant at, Cause cause) {
    return fires.stream().filter(f -> f.at().equals(at) && f.cause() == cause).findFirst().orElse(null);
  }

  /** The most recent fire, or null when the job has not fired yet. */
  public Fire lastFire() {
    return fires.isEmpty() ? null : fires.get(0);
  }
}
