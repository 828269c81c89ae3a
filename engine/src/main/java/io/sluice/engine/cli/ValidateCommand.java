package io.sluice.engine.cli;

import io.sluice.engine.Failures;
import io.sluice.engine.job.JobException;
import io.sluice.engine.job.JobSpec;
import io.sluice.engine.services.NodeServices;
import io.sluice.engine.plan.PreparedRun;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CompletionException;

/** {@code sluice validate}: checks keys, input listing, model, widths and output location; runs nothing. */
final class ValidateCommand {
  private ValidateCommand() {}

  static int validate(JobSpec job, PrintStream out, PrintStream err) {
    try (EmbeddedEngine engine = EmbeddedEngine.start()) {
      PreparedRun run = NodeServices.create(engine.system()).preparation().prepareToCheck(job).toCompletableFuture().join();
      out.printf(Locale.ROOT, "job %s is valid%n", job.name());
      out.printf(Locale.ROOT, "  input:  %d files, %,d bytes, %d partitions%n", run.inputFiles(), run.inputBytes(), run.partitions().size());
      out.printf(Locale.ROOT, "  model:  %s, %d inputs, sha256 %s%n", run.modelKind(), run.modelInputWidth(), run.modelSha256());
      out.println("  output: " + job.output().uri() + " (" + String.join(", ", job.input().carriedColumns())
          + (job.input().carriedColumns().isEmpty() ? "" : ", ") + String.join(", ", run.predictionColumns()) + ")");
      return 0;
    } catch (CompletionException e) {
      if (Failures.unwrap(e) instanceof JobException je) {
        ErrorLines.print(err, je.getMessage());
        return 2;
      }
      err.println("error: " + Failures.message(e));
      return 1;
    }
  }
}
