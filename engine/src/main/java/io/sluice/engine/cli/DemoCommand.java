package io.sluice.engine.cli;

import io.sluice.engine.demo.DemoData;
import io.sluice.engine.job.JobFiles;
import io.sluice.engine.job.JobSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** {@code sluice demo}: makes a dataset and a trained model, writes a job file and runs it. */
final class DemoCommand {
  private static final long SEED = 20261128L;

  private DemoCommand() {}

  static int demo(Path dir, ProgressView.Mode progress, PrintStream out, PrintStream err) throws IOException {
    Path home = dir.toAbsolutePath().normalize();
    out.println("making a demo dataset and training a small model under " + home + " ...");
    DemoData.Result data = DemoData.generate(home, SEED);
    Path jobFile = home.resolve("job.conf");
    Files.writeString(jobFile, jobText(home, data));
    out.printf("wrote %s (%,d records, %d of them malformed on purpose)%n", jobFile, data.records(), data.badRecords());
    JobSpec job = JobFiles.load(jobFile, List.of());
    int code = RunCommand.run(job, progress, out, err);
    if (code == 0) {
      out.println("\npredictions: " + home.resolve("out") + "/part-*.csv (first rows of part-00000.csv below)");
      try (var lines = Files.lines(home.resolve("out/part-00000.csv"))) {
        out.println(lines.limit(4).map(l -> "  " + l).collect(Collectors.joining("\n")));
      }
      out.println("run it again with: ./sluice run " + jobFile);
    }
    return code;
  }

  private static String jobText(Path home, DemoData.Result data) {
    return """
        # Written by `sluice demo`: churn scores for a generated customer base.
        job {
          name = "churn-demo"
          input {
            uri = "%s"
            format = csv
            id-column = "customer_id"
            features = [%s]
            passthrough = ["region"]
            split-size = 128KiB
          }
          model {
            uri = "%s"
            output = probabilities
            labels = [%s]
          }
          batching { max-size = 512, max-wait = 20ms }
          output {
            uri = "%s"
            format = csv
            mode = overwrite
          }
          errors { max-bad-record-fraction = 0.01 }
        }
        """.formatted(data.inputDir().toUri(), quoted(data.features()), data.model().toUri(), quoted(data.labels()),
        home.resolve("out").toUri());
  }

  private static String quoted(List<String> names) {
    return names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
  }
}
