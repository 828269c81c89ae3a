package io.sluice.engine.cli;

import io.sluice.engine.bench.BenchCommand;
import io.sluice.engine.bench.BenchOptions;
import io.sluice.engine.job.JobFiles;
import io.sluice.engine.job.JobSpec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * One small class per command: its options, its help text, and a call into the class that
 * does the work ({@link RunCommand}, {@link SubmitCommand}, ...). The streams come from
 * {@link SluiceCommand}, so that tests can capture them.
 */
final class Commands {
  private Commands() {}

  /** What every command shares: the help option and the streams. */
  abstract static class Base implements Callable<Integer> {
    @ParentCommand SluiceCommand sluice;
    @Mixin CliOptions.Help help;

    static JobSpec job(String file, CliOptions.Sets sets) {
      return JobFiles.load(Path.of(file), sets.sets);
    }
  }

  @Command(name = "demo", sortOptions = false,
      customSynopsis = "sluice demo [DIR] [--quiet]",
      description = "Make a demo dataset and a small trained DL4J model under DIR, write a job file there, run it"
          + " locally and show the output.",
      footerHeading = "%nExamples:%n",
      footer = {"  sluice demo                 # under ./sluice-demo", "  sluice demo /tmp/churn -q"})
  static final class Demo extends Base {
    @Parameters(arity = "0..1", paramLabel = "DIR", description = "Where to put it all (default: ./sluice-demo).")
    Path dir = Path.of("sluice-demo");

    @Mixin CliOptions.Quiet quiet;

    @Override
    public Integer call() throws Exception {
      return DemoCommand.demo(dir, quiet.progress(), sluice.out, sluice.err);
    }
  }

  @Command(name = "run", sortOptions = false,
      customSynopsis = "sluice run JOB.conf [--set key=value]... [--quiet]",
      description = "Run one job on an embedded single-node engine: a progress bar on a terminal (plain progress"
          + " lines otherwise), then a summary. Exits 0 when the run succeeds, 1 when it fails or is cancelled,"
          + " 2 for an invalid job.",
      footerHeading = "%nExamples:%n",
      footer = {"  sluice run job.conf", "  sluice run job.conf --set job.batching.max-size=512 --quiet",
          "  sluice run job.conf --set job.output.mode=resume"})
  static final class Run extends Base {
    @Parameters(paramLabel = "JOB.conf", description = "The job file (HOCON).")
    String job;

    @Mixin CliOptions.Sets sets;
    @Mixin CliOptions.Quiet quiet;

    @Override
    public Integer call() {
      return RunCommand.run(job(job, sets), quiet.progress(), sluice.out, sluice.err);
    }
  }

  @Command(name = "validate", sortOptions = false,
      customSynopsis = "sluice validate JOB.conf [--set key=value]...",
      description = "Check the job: its keys, the input listing, the model and its input width against the"
          + " features, the output location. Runs nothing.",
      footerHeading = "%nExamples:%n",
      footer = {"  sluice validate job.conf", "  sluice validate job.conf --set job.input.uri=s3://bucket/in/"})
  static final class Validate extends Base {
    @Parameters(paramLabel = "JOB.conf", description = "The job file (HOCON).")
    String job;

    @Mixin CliOptions.Sets sets;

    /** Taken, for the scripts that pass it as to {@code run}; validate prints no progress anyway. */
    @Option(names = {"-q", "--quiet"}, hidden = true)
    boolean quiet;

    @Override
    public Integer call() {
      return ValidateCommand.validate(job(job, sets), sluice.out, sluice.err);
    }
  }

  @Command(name = "bench", sortOptions = false,
      customSynopsis = {"sluice bench [--workload wide|narrow|all|partitions|small-files|coordinator] [--rows N] [--xmx SIZE]",
          "             [--memory] [DIR]"},
      description = "Time the engine against a hand-written DL4J loop over the same data, each in its own JVM"
          + " started by the launcher. With --memory: the engine's peak RSS at 1x and 4x the input, under a"
          + " small heap (default -Xmx256m).",
      footerHeading = "%nExamples:%n",
      footer = {"  sluice bench", "  sluice bench --workload narrow --rows 200000", "  sluice bench --memory"})
  static final class Bench extends Base {
    @Mixin BenchOptions options;

    @Override
    public Integer call() throws Exception {
      return BenchCommand.run(options, sluice.out, sluice.err);
    }
  }

  @Command(name = "node", sortOptions = false,
      customSynopsis = "sluice node [--config FILE] [--set key=value]...",
      description = "Start a cluster node: roles, seed nodes, ports and the HTTP API from the configuration."
          + " Serves until stopped; SIGTERM leaves the cluster gracefully.",
      footerHeading = "%nExamples:%n",
      footer = {"  sluice node --config cluster-config/node.conf",
          "  sluice node --config cluster-config/node.conf \\",
          "      --set pekko.remote.artery.canonical.port=25521 \\",
          "      --set 'pekko.cluster.seed-nodes=[\"pekko://sluice@127.0.0.1:25520\"]' \\",
          "      --set 'pekko.cluster.roles=[worker]'"})
  static final class Node extends Base {
    @Option(names = "--config", paramLabel = "FILE",
        description = {"The node configuration; default", "cluster-config/node.conf beside the launcher."})
    Path config;

    @Mixin CliOptions.Sets sets;

    @Override
    public Integer call() {
      Path file = config != null ? config : Path.of(System.getProperty("sluice.home", "."), "cluster-config", "node.conf");
      return NodeCommand.run(file, sets.sets, sluice.out);
    }
  }

  @Command(name = "submit", sortOptions = false,
      customSynopsis = {"sluice submit JOB.conf [--set key=value]... [--wait] [--quiet]",
          "              [--api URL] [--token T]"},
      description = "Start a run on a running cluster through its HTTP API and print the run id. The job is"
          + " checked here first, and relative paths in it are made absolute against this working directory."
          + " With --wait, follow it and exit like 'sluice run'.",
      footerHeading = "%nExamples:%n",
      footer = {"  sluice submit job.conf", "  sluice submit job.conf --wait",
          "  sluice submit job.conf --api http://10.0.0.5:7077 --set job.output.mode=resume"})
  static final class Submit extends Base {
    @Parameters(paramLabel = "JOB.conf", description = "The job file (HOCON).")
    String job;

    @Mixin CliOptions.Sets sets;
    @Mixin CliOptions.Wait waiting;
    @Mixin CliOptions.Quiet quiet;
    @Mixin CliOptions.Api api;

    @Override
    public Integer call() {
      ApiClient client = api.client();
      return SubmitCommand.submit(client, job(job, sets), waiting.follow, new ProgressView(sluice.out, quiet.progress()),
          sluice.out, sluice.err);
    }
  }

  @Command(name = "status", sortOptions = false,
      customSynopsis = "sluice status [RUN_ID] [--api URL] [--token T]",
      description = "One run in detail; without RUN_ID, every run as a table.",
      footerHeading = "%nExamples:%n",
      footer = {"  sluice status", "  sluice status churn-scoring-20261130-020000-1a2b"})
  static final class Status extends Base {
    @Parameters(arity = "0..1", paramLabel = "RUN_ID", description = "The run, as 'submit' printed it.")
    String runId;

    @Mixin CliOptions.Api api;

    @Override
    public Integer call() {
      return runId == null ? RunsCommand.list(api.client(), sluice.out) : RunsCommand.status(api.client(), runId, sluice.out);
    }
  }

  @Command(name = "runs", sortOptions = false,
      customSynopsis = "sluice runs [--api URL] [--token T]",
      description = "Every run the cluster remembers, newest first.",
      footerHeading = "%nExamples:%n",
      footer = {"  sluice runs", "  sluice runs --api http://coordinator:7077"})
  static final class Runs extends Base {
    @Mixin CliOptions.Api api;

    @Override
    public Integer call() {
      return RunsCommand.list(api.client(), sluice.out);
    }
  }

  @Command(name = "cancel", sortOptions = false,
      customSynopsis = "sluice cancel RUN_ID [--api URL] [--token T]",
      description = "Cancel a run: running partitions are aborted and its manifest says CANCELLED.",
      footerHeading = "%nExamples:%n",
      footer = {"  sluice cancel churn-scoring-20261130-020000-1a2b"})
  static final class Cancel extends Base {
    @Parameters(paramLabel = "RUN_ID", description = "The run, as 'submit' printed it.")
    String runId;

    @Mixin CliOptions.Api api;

    @Override
    public Integer call() {
      return RunsCommand.cancel(api.client(), runId, sluice.out);
    }
  }

  @Command(name = "jobs", sortOptions = false,
      customSynopsis = "sluice jobs [--api URL] [--token T]",
      description = "Registered jobs: their schedules, overlap policies and next fire times.",
      footerHeading = "%nExamples:%n",
      footer = {"  sluice jobs"})
  static final class Jobs extends Base {
    @Mixin CliOptions.Api api;

    @Override
    public Integer call() {
      return JobsCommand.list(api.client(), sluice.out);
    }
  }

  @Command(name = "register", sortOptions = false,
      customSynopsis = {"sluice register JOB.conf [--set key=value]...", "                [--api URL] [--token T]"},
      description = "Register a job under its name, replacing one of that name. With job.schedule it runs on that"
          + " cron schedule; without, start it with 'sluice trigger NAME'. The job is checked here first, and"
          + " relative paths in it are made absolute against this working directory.",
      footerHeading = "%nExamples:%n",
      footer = {"  sluice register nightly.conf", "  sluice register job.conf --set 'job.schedule=\"0 2 * * *\"'"})
  static final class Register extends Base {
    @Parameters(paramLabel = "JOB.conf", description = "The job file (HOCON).")
    String job;

    @Mixin CliOptions.Sets sets;
    @Mixin CliOptions.Api api;

    @Override
    public Integer call() {
      ApiClient client = api.client();
      return JobsCommand.register(client, job(job, sets), sluice.out);
    }
  }

  @Command(name = "trigger", sortOptions = false,
      customSynopsis = "sluice trigger NAME [--wait] [--quiet] [--api URL] [--token T]",
      description = "Run a registered job now and print the run id; with --wait, follow it and exit like"
          + " 'sluice run'.",
      footerHeading = "%nExamples:%n",
      footer = {"  sluice trigger nightly", "  sluice trigger nightly --wait"})
  static final class Trigger extends Base {
    @Parameters(paramLabel = "NAME", description = "The registered job's name.")
    String name;

    @Mixin CliOptions.Wait waiting;
    @Mixin CliOptions.Quiet quiet;
    @Mixin CliOptions.Api api;

    @Override
    public Integer call() {
      return SubmitCommand.trigger(api.client(), name, waiting.follow, new ProgressView(sluice.out, quiet.progress()),
          sluice.out, sluice.err);
    }
  }

  @Command(name = "unregister", sortOptions = false,
      customSynopsis = "sluice unregister NAME [--api URL] [--token T]",
      description = "Forget a registered job; runs already started go on.",
      footerHeading = "%nExamples:%n",
      footer = {"  sluice unregister nightly"})
  static final class Unregister extends Base {
    @Parameters(paramLabel = "NAME", description = "The registered job's name.")
    String name;

    @Mixin CliOptions.Api api;

    @Override
    public Integer call() {
      return JobsCommand.unregister(api.client(), name, sluice.out);
    }
  }

  @Command(name = "help",
      customSynopsis = "sluice help [COMMAND]",
      description = "List the commands, or show one command's options and examples.",
      footerHeading = "%nExamples:%n",
      footer = {"  sluice help", "  sluice help submit"})
  static final class Help extends Base {
    @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "The command to explain.")
    String command;

    @Override
    public Integer call() {
      var root = sluice.spec.commandLine();
      if (command == null) {
        root.usage(root.getOut());
        return 0;
      }
      var sub = root.getSubcommands().get(command);
      if (sub == null) {
        throw new UsageException("unknown command '" + command + "'" + CliErrors.didYouMean(command, root.getSubcommands().keySet()));
      }
      sub.usage(root.getOut());
      return 0;
    }
  }
}
