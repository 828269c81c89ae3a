package io.sluice.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.engine.api.ApiJson;
import io.sluice.engine.job.JobSpec;
import io.sluice.engine.run.RunState;
import io.sluice.engine.run.RunStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code sluice submit} and {@code sluice trigger}: start a run through the HTTP API and print
 * its id, or with {@code --wait} follow it with the same progress and summary as {@code run}.
 */
final class SubmitCommand {
  private static final long POLL_MILLIS = 500;
  /** How long {@code --wait} rides out an unreachable API, e.g. while the run manager moves to another node. */
  private static final Duration OUTAGE_TOLERANCE = Duration.ofSeconds(60);

  private SubmitCommand() {}

  /** Submits the job; the exit code is 0 once accepted, or like {@code run}'s when waiting. */
  static int submit(ApiClient api, JobSpec job, boolean wait, ProgressView view, PrintStream out, PrintStream err) {
    return started(api, api.postPlanning("/api/v1/runs", job.source()), wait, view, out, err);
  }

  /** Runs the registered job {@code name} now. */
  static int trigger(ApiClient api, String name, boolean wait, ProgressView view, PrintStream out, PrintStream err) {
    return started(api, api.postPlanning("/api/v1/jobs/" + ApiClient.segment(name) + "/runs", ""), wait, view, out, err);
  }

  private static int started(ApiClient api, JsonNode accepted, boolean wait, ProgressView view, PrintStream out,
      PrintStream err) {
    if ("QUEUED".equals(accepted.path("status").asText())) {
      // overlap = queue: the run has no id until it starts, so there is nothing to print or follow yet
      err.println("queued: job '" + accepted.path("job").asText() + "' runs when run " + accepted.path("behind").asText()
          + " ends (overlap = queue)");
      return 0;
    }
    String runId = accepted.path("runId").asText();
    if (!wait) {
      out.println(runId);
      return 0;
    }
    // Ctrl-C stops following, not the run: it belongs to the cluster, like a detached job.
    Thread hint = new Thread(() -> err.println("\nstopped following; the run goes on. Cancel it with: sluice cancel " + runId));
    Runtime.getRuntime().addShutdownHook(hint);
    RunStatus last;
    try {
      last = follow(api, runId, view, err);
    } finally {
      ShutdownHooks.remove(hint);
    }
    RunCommand.printSummary(last, out);
    return last.status() == RunState.SUCCEEDED ? 0 : 1;
  }

  private static RunStatus follow(ApiClient api, String runId, ProgressView view, PrintStream err) {
    Instant unreachableSince = null;
    while (true) {
      try {
        RunStatus status = ApiJson.readRunStatus(api.get("/api/v1/runs/" + ApiClient.segment(runId)));
        unreachableSince = null;
        view.update(status);
        if (status.status().isFinal()) {
          view.finish();
          return status;
        }
      } catch (ApiFailure e) {
        if (e.exitCode() != 1) throw e;
        if (unreachableSince == null) {
          unreachableSince = Instant.now();
          err.println("warning: " + e.getMessage() + "; retrying");
        } else if (Duration.between(unreachableSince, Instant.now()).compareTo(OUTAGE_TOLERANCE) > 0) {
          throw e;
        }
      }
      sleep(POLL_MILLIS);
    }
  }


  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiFailure(1, "interrupted while waiting for the run");
    }
  }
}
