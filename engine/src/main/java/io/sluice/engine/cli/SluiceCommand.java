package io.sluice.engine.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice} itself: lists the commands, prints the version, and holds the streams the
 * commands write to. The model is built from the annotations of these few small classes only;
 * nothing scans the classpath.
 */
@Command(name = "sluice",
    customSynopsis = {"sluice COMMAND [ARGS]...", "       sluice (--help | --version)"},
    description = "Batch inference with Deeplearning4j models on Apache Pekko: a prediction for every record,"
        + " and for every record that cannot be scored, which file, which line and why.",
    versionProvider = Version.class,
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    subcommands = {
        Commands.Demo.class, Commands.Run.class, Commands.Validate.class, Commands.Bench.class, Commands.Node.class,
        Commands.Submit.class, Commands.Status.class, Commands.Runs.class, Commands.Cancel.class, Commands.Jobs.class,
        Commands.Register.class, Commands.Trigger.class, Commands.Unregister.class, Commands.Help.class},
    footerHeading = "%n",
    footer = {
        "'sluice COMMAND --help' or 'sluice help COMMAND' shows a command's options and",
        "examples. The commands that talk to a running node's HTTP API take --api URL",
        "(default " + ApiClient.DEFAULT_URL + ") and --token T (default $" + CliOptions.Api.TOKEN_VARIABLE + ").",
        "",
        "Exit codes: 0 success",
        "            1 the run failed or was cancelled, or the API cannot be reached",
        "            2 bad usage, an invalid job, an unknown run or job, a refused token"})
final class SluiceCommand implements Callable<Integer> {
  final PrintStream out;
  final PrintStream err;

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
  boolean version;

  private SluiceCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** The whole command line, writing to {@code out} and {@code err}, with Sluice's exit codes and error messages. */
  static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new SluiceCommand(out, err));
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    // @file arguments would read a file a job file happens to be named after; a repeated option keeps the last value.
    cli.setExpandAtFiles(false);
    cli.setOverwrittenOptionsAllowed(true);
    // -quiet is a mistyped --quiet, not -q followed by -u -i -e -t.
    cli.setPosixClusteredShortOptionsAllowed(false);
    cli.setParameterExceptionHandler(CliErrors::usageError);
    cli.setExecutionExceptionHandler(CliErrors::failure);
    return cli;
  }

  /** {@code sluice} alone: the command list, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CliErrors.USAGE;
  }
}
