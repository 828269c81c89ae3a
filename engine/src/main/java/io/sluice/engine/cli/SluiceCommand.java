package io.sluice.engine.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice} itself: lists the commands, prints the version, and holds the streams the
 * commands write to. The model is built from the annotations of these few small classes only;
 * nothing scans the classpath, and a command line that names its command builds only that one.
 */
@Command(name = "sluice",
    customSynopsis = {"sluice COMMAND [ARGS]...", "       sluice (--help | --version)"},
    description = "Batch inference with Deeplearning4j models on Apache Pekko: a prediction for every record,"
        + " and for every record that cannot be scored, which file, which line and why.",
    versionProvider = Version.class,
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
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
  /** Every command, in the order {@code sluice --help} lists them. */
  private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("demo", Commands.Demo::new);
    COMMANDS.put("run", Commands.Run::new);
    COMMANDS.put("validate", Commands.Validate::new);
    COMMANDS.put("bench", Commands.Bench::new);
    COMMANDS.put("node", Commands.Node::new);
    COMMANDS.put("submit", Commands.Submit::new);
    COMMANDS.put("status", Commands.Status::new);
    COMMANDS.put("runs", Commands.Runs::new);
    COMMANDS.put("cancel", Commands.Cancel::new);
    COMMANDS.put("jobs", Commands.Jobs::new);
    COMMANDS.put("register", Commands.Register::new);
    COMMANDS.put("trigger", Commands.Trigger::new);
    COMMANDS.put("unregister", Commands.Unregister::new);
    COMMANDS.put("help", Commands.Help::new);
  }

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

  /**
   * The command line for {@code argv}, writing to {@code out} and {@code err}, with Sluice's exit
   * codes and error messages. When {@code argv} starts with a command's exact name, only that
   * command is built: reading the annotations of all of them is start-up time {@code run} need not
   * spend. {@link #allCommands} has the others when an error message needs them.
   */
  static CommandLine commandLine(PrintStream out, PrintStream err, List<String> argv) {
    CommandLine cli = new CommandLine(new SluiceCommand(out, err));
    String named = argv.isEmpty() || argv.get(0).equals("help") || !COMMANDS.containsKey(argv.get(0)) ? null : argv.get(0);
    for (Map.Entry<String, Supplier<Object>> command : COMMANDS.entrySet()) {
      if (named == null || named.equals(command.getKey())) cli.addSubcommand(command.getKey(), command.getValue().get());
    }
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

  /** The command line with every command, for the command this one is part of. */
  static CommandLine allCommands(CommandLine command) {
    CommandLine root = command;
    while (root.getParent() != null) root = root.getParent();
    if (root.getSubcommands().size() == COMMANDS.size()) return root;
    SluiceCommand sluice = root.getCommand();
    return commandLine(sluice.out, sluice.err, List.of());
  }

  /** {@code sluice} alone: the command list, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CliErrors.USAGE;
  }
}
