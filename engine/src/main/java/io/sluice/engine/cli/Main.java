package io.sluice.engine.cli;

import io.sluice.engine.bench.BenchCommand;
import io.sluice.engine.job.JobException;
import io.sluice.engine.job.JobFiles;
import io.sluice.engine.job.JobSpec;
import io.sluice.engine.model.GcSafeOpExecutioner;
import io.sluice.engine.model.NativeWarmUp;
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
        bench [--workload wide|narrow|all] [--rows N] [--xmx SIZE] [--memory] [DIR]
                                                time the engine against a hand-written loop (data in ./sluice-bench);
                                                --memory: peak RSS at 1x and 4x the input (default -Xmx256m)
        validate JOB.conf [--set key=value]...  check the job, its input, model and output; run nothing
        node [--config FILE] [--set key=value]...
                                                start a cluster node (roles, seeds and ports from the config)
      commands that talk to a running node's HTTP API (--api URL, default http://127.0.0.1:7077;
      --token T, default $SLUICE_API_TOKEN):
        submit JOB.conf [--set key=value]... [--wait] [--quiet]
                                                start a run and print its id; --wait follows it and exits like run
        status [RUN_ID]                         one run in detail, or all runs
        runs                                    all runs, newest first
        cancel RUN_ID                           cancel a run
        jobs                                    registered jobs, their schedules and next fire times
        register JOB.conf [--set key=value]...  register a job under its name (replacing one of that name)
        trigger NAME [--wait] [--quiet]         run a registered job now
        unregister NAME                         forget a registered job
      exit codes: 0 success, 1 the run failed or was cancelled, or the API cannot be reached,
                  2 bad usage, an invalid job, an unknown run or job, or a refused token
      """;
  private static final String TOKEN_VARIABLE = "SLUICE_API_TOKEN";
  /** Commands that load models, for which the native backend starts loading at once. */
  private static final Set<String> NEEDS_MODELS = Set.of("run", "demo", "validate", "node");

  private Main() {}

  public static void main(String[] argv) {
    // Before anything touches ND4J, which reads its executioner class once, when it starts.
    GcSafeOpExecutioner.install();
    // Initialise logging before any other thread logs, or SLF4J prints a warning about
    // replaying the calls it intercepted while it started.
    LoggerFactory.getILoggerFactory();
    if (argv.length > 0 && NEEDS_MODELS.contains(argv[0])) NativeWarmUp.start();
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
      if (command.equals("bench")) return BenchCommand.run(argv.subList(1, argv.size()), out, err);
      CliArgs args = CliArgs.parse(argv.subList(1, argv.size()));
      ProgressView.Mode progress = ProgressView.modeFor(args.quiet());
      return switch (command) {
        case "run" -> RunCommand.run(job(args.only(command, "--set", "--quiet")), progress, out, err);
        case "validate" -> ValidateCommand.validate(job(args.only(command, "--set", "--quiet")), out, err);
        case "demo" -> DemoCommand.demo(Path.of(args.only(command, "--quiet").positional().isEmpty()
            ? "sluice-demo" : args.single("DIR")), progress, out, err);
        case "submit" -> SubmitCommand.submit(api(args.only(command, "--set", "--api", "--token", "--wait", "--quiet")),
            job(args), args.follow(), new ProgressView(out, progress), out, err);
        case "trigger" -> SubmitCommand.trigger(api(args.only(command, "--api", "--token", "--wait", "--quiet")),
            args.single("NAME"), args.follow(), new ProgressView(out, progress), out, err);
        case "status" -> args.only(command, "--api", "--token").positional().isEmpty()
            ? RunsCommand.list(api(args), out)
            : RunsCommand.status(api(args), args.single("RUN_ID"), out);
        case "runs" -> RunsCommand.list(api(noPositionals(args.only(command, "--api", "--token"))), out);
        case "cancel" -> RunsCommand.cancel(api(args.only(command, "--api", "--token")), args.single("RUN_ID"), out);
        case "jobs" -> JobsCommand.list(api(noPositionals(args.only(command, "--api", "--token"))), out);
        case "register" -> JobsCommand.register(api(args.only(command, "--set", "--api", "--token")), job(args), out);
        case "unregister" -> JobsCommand.unregister(api(args.only(command, "--api", "--token")), args.single("NAME"), out);
        case "node" -> NodeCommand.run(args.only(command, "--config", "--set"), out);
        default -> throw new UsageException("unknown command '" + command + "'");
      };
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      err.print(USAGE);
      return 2;
    } catch (JobException e) {
      ErrorLines.print(err, e.getMessage());
      return 2;
    } catch (ApiFailure e) {
      ErrorLines.print(err, e.getMessage());
      return e.exitCode();
    } catch (Exception e) {
      err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    }
  }

  private static JobSpec job(CliArgs args) {
    return JobFiles.load(Path.of(args.single("JOB.conf")), args.sets());
  }

  /** The API client for {@code --api} and {@code --token}, the token defaulting to the environment. */
  private static ApiClient api(CliArgs args) {
    return ApiClient.create(args.api(), args.token() != null ? args.token() : System.getenv(TOKEN_VARIABLE));
  }

  private static CliArgs noPositionals(CliArgs args) {
    if (!args.positional().isEmpty()) throw new UsageException("unexpected argument " + args.positional().get(0));
    return args;
  }
}
