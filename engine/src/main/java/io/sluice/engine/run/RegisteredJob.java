package io.sluice.engine.run;

import io.sluice.engine.CborSerializable;
import java.time.Instant;

/**
 * A job kept by the run manager to run on demand ({@code trigger}) or on its schedule.
 *
 * @param job the job as HOCON text
 * @param schedule the 5-field cron expression, or null for trigger-only jobs
 * @param nextFireTime when the schedule fires next, or null
 */
public record RegisteredJob(String name, String job, String schedule, String overlap, Instant registeredAt,
    Instant nextFireTime) implements CborSerializable {

  /** The same job with another next fire time. */
  public RegisteredJob withNextFireTime(Instant next) {
    return new RegisteredJob(name, job, schedule, overlap, registeredAt, next);
  }
}
