package io.sluice.engine.cli;

import io.sluice.engine.job.JobSpec;
import io.sluice.engine.plan.OutputLocation;
import io.sluice.engine.run.RunManager;
import io.sluice.engine.run.RunState;
import io.sluice.engine.run.RunStatus;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code sluice run}: runs one job on an embedded node, shows progress, prints a summary. */
final class RunCommand {
  private static final Duration PLAN_TIMEOUT = Duration.ofMinutes(30);
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
  private static final long POLL_MILLIS = 200;
  private static final long CANCEL_WAIT_MILLIS = 20_000;

  private RunCommand() {}

  /** Runs the job and returns the exit code: 0 succeeded, 1 failed or cancelled, 2 invalid job. */
  static int run(JobSpec job, ProgressView.Mode progress, PrintStream out, PrintStream err) {
    try (EmbeddedEngine engine = EmbeddedEngine.start()) {
      RunManager.SubmitReply reply = engine.ask(replyTo -> new RunManager.SubmitRun(job.source(), replyTo), PLAN_TIMEOUT);
      if (reply instanceof RunManager.Rejected rejected) {
        ErrorLines.print(err, rejected.error());
        return 2;
      }
      if (reply instanceof RunManager.Conflict conflict) {
        err.println("error: " + conflict.error());
        return 2;
      }
      String runId = ((RunManager.Accepted) reply).runId();
      CountDownLatch summarized = new CountDownLatch(1);
      AtomicInteger exitCode = new AtomicInteger(1);
      Thread cancelOnInterrupt = new Thread(() -> cancel(engine, runId, summarized, exitCode, err));
      Runtime.getRuntime().addShutdownHook(cancelOnInterrupt);
      RunStatus last = follow(engine, runId, new ProgressView(out, progress));
      printSummary(last, out);
      exitCode.set(last.status() == RunState.SUCCEEDED ? 0 : 1);
      summarized.countDown();
      ShutdownHooks.remove(cancelOnInterrupt);
      return exitCode.get();
    }
  }

  private static RunStatus follow(EmbeddedEngine engine, String runId, ProgressView view) {
    while (true) {
      RunStatus status = status(engine, runId);
      view.update(status);
      if (status.status().isFinal()) {
        view.finish();
        return status;
      }
      sleep(POLL_MILLIS);
    }
  }

  static RunStatus status(EmbeddedEngine engine, String runId) {
    return engine.<RunManager.RunReply>ask(replyTo -> new RunManager.GetRun(runId, replyTo), ASK_TIMEOUT).status();
  }

  /**
   * Ctrl-C: cancel the run, let the main thread see it end (the manifest written, no partial
   * file under a final name) and print its summary, then exit with the run's code rather
   * than the JVM's 130 for a signal.
   */
  private static void cancel(EmbeddedEngine engine, String runId, CountDownLatch summarized, AtomicInteger exitCode,
      PrintStream err) {
    err.println("\ncancelling " + runId + " ...");
    try {
      engine.<RunManager.CancelReply>ask(replyTo -> new RunManager.CancelRun(runId, replyTo), ASK_TIMEOUT);
      if (!summarized.await(CANCEL_WAIT_MILLIS, TimeUnit.MILLISECONDS)) err.println("the run did not stop in time");
    } catch (RuntimeException | InterruptedException e) {
      err.println("could not cancel cleanly: " + e.getMessage());
    }
    Runtime.getRuntime().halt(exitCode.get());
  }

  static void printSummary(RunStatus s, PrintStream out) {
    double seconds = s.finishedAt() == null ? 0 : java.time.Duration.between(s.startedAt(), s.finishedAt()).toMillis() / 1000.0;
    out.printf(Locale.ROOT, "run %s %s in %.1f s%n", s.runId(), s.status(), seconds);
    out.printf(Locale.ROOT, "  partitions: %d total, %d committed, %d failed%s%n",
        s.partitions().total(), s.partitions().done(), s.partitions().failed(), unfinished(s));
    out.printf(Locale.ROOT, "  records:    %,d in, %,d out, %,d bad%n", s.records().in(), s.records().out(), s.records().bad());
    out.println("  output:     " + s.output());
    if (s.records().bad() > 0) {
      out.println("  bad records: " + OutputLocation.resolve(URI.create(s.output()), OutputLocation.ERRORS_DIR));
    }
    if (s.error() != null) out.println("  error:      " + s.error());
  }


  /** The partitions a cancel or an early stop left unrun, so that the three counts add up to the total. */
  private static String unfinished(RunStatus s) {
    int left = s.partitions().total() - s.partitions().done() - s.partitions().failed();
    if (left <= 0 || !s.status().isFinal()) return "";
    return s.status() == RunState.CANCELLED ? ", " + left + " cancelled" : ", " + left + " not run (the run stopped early)";
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
