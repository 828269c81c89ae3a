package io.sluice.engine.cli;

import io.sluice.engine.job.JobException;
import io.sluice.engine.job.JobFiles;
import io.sluice.engine.job.JobSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.slf4j.LoggerFactory;

/** The {@code sluice} command line: dispatches to a command and turns its outcome into an exit code. */
public final class Main {
  private static final String USAGE = """
      usage: sluice <command> [args]
        demo [DIR]                              make a demo dataset and model under DIR (./sluice-demo) and run it
        run JOB.conf [--set key=value]... [--quiet]
                                                run one job on this machine, with progress and a summary
        validate JOB.conf [--set key=value]...  check the job, its input, model and output; run nothing
      cluster commands (node, submit, status, cancel, runs, jobs, register, trigger, unregister)
      are not available in this version.
      exit codes: 0 success, 1 the run failed or was cancelled, 2 bad usage or an invalid job
      """;
  private static final Set<String> CLUSTER_COMMANDS =
      Set.of("node", "submit", "status", "cancel", "runs", "jobs", "register", "trigger", "unregister");

  private Main() {}

  public static void main(String[] argv) {
    // Initialise logging before any other thread logs, or SLF4J prints a warning about
    // replaying the calls it intercepted while it started.
    LoggerFactory.getILoggerFactory();
    System.exit(run(Arrays.asList(argv), System.out, System.err));
  }

  /** Runs a command and returns its exit code. */
  static int run(List<String> argv, PrintStream out, PrintStream err) {
    if (argv.isEmpty() || argv.get(0).equals("help") || argv.get(0).equals("--help") || argv.get(0).equals("-h")) {
      (argv.isEmpty() ? err : out).print(USAGE);
      return argv.isEmpty() ? 2 : 0;
    }
    String command = argv.get(0);
    try {
      CliArgs args = CliArgs.parse(argv.subList(1, argv.size()));
      ProgressView.Mode progress = ProgressView.modeFor(args.quiet());
      return switch (command) {
        case "run" -> RunCommand.run(job(args), progress, out, err);
        case "validate" -> ValidateCommand.validate(job(args), out, err);
        case "demo" -> DemoCommand.demo(Path.of(args.positional().isEmpty() ? "sluice-demo" : args.single("DIR")),
            progress, out, err);
        default -> throw new UsageException(CLUSTER_COMMANDS.contains(command)
            ? "'" + command + "' needs cluster mode, which this version does not have yet"
            : "unknown command '" + command + "'");
      };
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      err.print(USAGE);
      return 2;
    } catch (JobException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    }
  }

  private static JobSpec job(CliArgs args) {
    return JobFiles.load(Path.of(args.single("JOB.conf")), args.sets());
  }
}
