package io.sluice.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.engine.api.ApiJson;
import io.sluice.engine.job.JobSpec;
import java.io.PrintStream;
import java.time.Instant;

/** {@code sluice jobs}, {@code sluice register} and {@code sluice unregister}: registered (scheduled) jobs. */
final class JobsCommand {
  private JobsCommand() {}

  static int list(ApiClient api, PrintStream out) {
    JsonNode jobs = api.get("/api/v1/jobs");
    if (jobs.isEmpty()) {
      out.println("no registered jobs");
      return 0;
    }
    TextTable table = new TextTable("NAME", "SCHEDULE", "NEXT FIRE TIME", "OVERLAP", "LAST FIRE", "OUTCOME", "RUN ID",
        "REASON");
    for (JsonNode job : jobs) {
      JsonNode last = job.path("lastFire");
      table.row(job.path("name").asText(), ApiJson.text(job.path("schedule")), nextFireTime(job),
          ApiJson.text(job.path("overlap")), shownTime(ApiJson.text(last.path("at"))), outcome(last),
          ApiJson.text(last.path("runId")), ApiJson.text(last.path("reason")));
    }
    table.print(out);
    return 0;
  }

  /** Registers the job under its own name, replacing one of that name. */
  static int register(ApiClient api, JobSpec job, PrintStream out) {
    JsonNode registered = api.put("/api/v1/jobs/" + ApiClient.segment(job.name()), job.source());
    String schedule = ApiJson.text(registered.path("schedule"));
    out.println(schedule == null
        ? "registered job " + job.name() + " (no schedule; start it with: sluice trigger " + job.name() + ")"
        : "registered job " + job.name() + " on schedule \"" + schedule + "\"; next run at " + nextFireTime(registered));
    for (JsonNode warning : registered.path("warnings")) out.println("warning: " + warning.asText());
    return 0;
  }

  static int unregister(ApiClient api, String name, PrintStream out) {
    api.delete("/api/v1/jobs/" + ApiClient.segment(name));
    out.println("unregistered job " + name);
    return 0;
  }

  private static String nextFireTime(JsonNode job) {
    return shownTime(ApiJson.text(job.path("nextFireTime")));
  }

  private static String shownTime(String instant) {
    return instant == null ? "-" : RunsCommand.shown(Instant.parse(instant));
  }

  /** The last fire's outcome, with what started it when that was a trigger: "ran", "refused (trigger)". */
  private static String outcome(JsonNode fire) {
    String outcome = ApiJson.text(fire.path("outcome"));
    if (outcome == null) return null;
    return "trigger".equals(ApiJson.text(fire.path("cause"))) ? outcome + " (trigger)" : outcome;
  }
}
