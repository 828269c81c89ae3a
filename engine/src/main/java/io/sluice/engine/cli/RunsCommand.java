package io.sluice.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.engine.api.ApiJson;
import io.sluice.engine.run.RunStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** {@code sluice status}, {@code sluice runs} and {@code sluice cancel}: runs as the HTTP API reports them. */
final class RunsCommand {
  private RunsCommand() {}

  /** One run in detail. */
  static int status(ApiClient api, String runId, PrintStream out) {
    RunStatus s = ApiJson.readRunStatus(api.get("/api/v1/runs/" + ApiClient.segment(runId)));
    out.println("run " + s.runId() + " " + s.status());
    out.println("  job:        " + s.job());
    out.println("  started:    " + shown(s.startedAt()));
    out.println("  finished:   " + shown(s.finishedAt()));
    out.printf(Locale.ROOT, "  partitions: %d total, %d committed, %d running, %d failed%n",
        s.partitions().total(), s.partitions().done(), s.partitions().running(), s.partitions().failed());
    out.printf(Locale.ROOT, "  records:    %,d in, %,d out, %,d bad%n", s.records().in(), s.records().out(), s.records().bad());
    if (s.bytesTotal() > 0) {
      out.printf(Locale.ROOT, "  input:      %.0f%% of %,d bytes read%n", 100.0 * s.bytesDone() / s.bytesTotal(), s.bytesTotal());
    }
    out.println("  output:     " + s.output());
    if (s.error() != null) out.println("  error:      " + s.error());
    return 0;
  }

  /** Every run the manager remembers, newest first. */
  static int list(ApiClient api, PrintStream out) {
    JsonNode runs = api.get("/api/v1/runs");
    if (runs.isEmpty()) {
      out.println("no runs");
      return 0;
    }
    TextTable table = new TextTable("RUN ID", "JOB", "STATUS", "PARTITIONS", "RECORDS IN", "BAD", "STARTED", "DURATION");
    for (JsonNode json : runs) {
      RunStatus s = ApiJson.readRunStatus(json);
      table.row(s.runId(), s.job(), s.status().name(), s.partitions().done() + "/" + s.partitions().total(),
          String.format(Locale.ROOT, "%,d", s.records().in()), String.format(Locale.ROOT, "%,d", s.records().bad()),
          shown(s.startedAt()), duration(s));
    }
    table.print(out);
    return 0;
  }

  static int cancel(ApiClient api, String runId, PrintStream out) {
    api.post("/api/v1/runs/" + ApiClient.segment(runId) + "/cancel");
    out.println("cancelling run " + runId);
    return 0;
  }

  /** An instant to the second, in UTC as the API gives it; "-" when absent. */
  static String shown(Instant instant) {
    return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String duration(RunStatus s) {
    Duration d = Duration.between(s.startedAt(), s.finishedAt() == null ? Instant.now() : s.finishedAt());
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
