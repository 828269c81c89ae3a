package io.sluice.engine.cli;

import io.sluice.engine.job.JobException;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Sluice's exit codes and messages for what goes wrong: a usage error is told once, with a
 * "did you mean" where a known name is close and a pointer to the command's help; a failure
 * is one line, never a stack trace.
 */
final class CliErrors {
  static final int FAILED = 1;
  static final int USAGE = 2;

  private CliErrors() {}

  /** The command line does not parse: exit 2. */
  static int usageError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    usage(command, message(e));
    return USAGE;
  }

  /** A command threw: exit 2 for bad usage or an invalid job, the API's code for its failures, 1 otherwise. */
  static int failure(Exception e, CommandLine command, ParseResult parsed) {
    PrintWriter err = command.getErr();
    if (e instanceof UsageException) {
      // 'sluice help nosuch' is helped by the command list, not by help's own help
      usage(command.getCommand() instanceof Commands.Help ? command.getParent() : command, e.getMessage());
      return USAGE;
    }
    if (e instanceof JobException) {
      ErrorLines.print(err, e.getMessage());
      return USAGE;
    }
    if (e instanceof ApiFailure failure) {
      ErrorLines.print(err, e.getMessage());
      return failure.exitCode();
    }
    ErrorLines.print(err, io.sluice.engine.Failures.message(e));
    return FAILED;
  }

  private static void usage(CommandLine command, String message) {
    PrintWriter err = command.getErr();
    err.println("error: " + message);
    err.println("see '" + command.getCommandSpec().qualifiedName() + " --help'");
  }

  private static String message(ParameterException e) {
    CommandLine command = e.getCommandLine();
    if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
      String arg = unmatched.getUnmatched().get(0);
      boolean root = command.getParent() == null;
      if (arg.startsWith("-") && arg.length() > 1) return unknownOption(command, arg);
      if (root) return "unknown command '" + arg + "'" + didYouMean(arg, command.getSubcommands().keySet());
      return "unexpected argument '" + arg + "'";
    }
    String text = e.getMessage();
    // picocli's messages start with a capital ("Missing required parameter: 'JOB.conf'"); Sluice's do not.
    return text.length() > 1 && Character.isLowerCase(text.charAt(1))
        ? Character.toLowerCase(text.charAt(0)) + text.substring(1) : text;
  }

  /**
   * An option the command does not know: when another command takes it, say so ({@code run
   * --api URL} must not run the job locally); otherwise suggest the closest of its own.
   */
  private static String unknownOption(CommandLine command, String arg) {
    String name = arg.startsWith("--") && arg.indexOf('=') > 0 ? arg.substring(0, arg.indexOf('=')) : arg;
    Set<String> own = command.getCommandSpec().optionsMap().keySet();
    if (command.getParent() != null) {
      for (CommandLine other : SluiceCommand.allCommands(command).getSubcommands().values()) {
        if (other.getCommandSpec().optionsMap().containsKey(name) && !own.contains(name)) {
          return "'" + command.getCommandName() + "' does not take " + name;
        }
      }
    }
    Set<String> candidates = new TreeSet<>();
    for (var option : command.getCommandSpec().options()) {
      if (option.hidden()) continue;
      candidates.addAll(List.of(option.names()));
    }
    return "unknown option '" + name + "'" + didYouMean(name, candidates);
  }

  /** " (did you mean submit?)" when one of {@code known} is a typo or two away from {@code typed}; "" otherwise. */
  static String didYouMean(String typed, Collection<String> known) {
    String bare = strip(typed);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(bare, strip(candidate));
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    int allowed = bare.length() < 2 ? 0 : Math.max(1, Math.min(3, bare.length() / 3));
    return best != null && bestDistance <= allowed ? " (did you mean " + best + "?)" : "";
  }

  private static String strip(String name) {
    int i = 0;
    while (i < name.length() && name.charAt(i) == '-') i++;
    return name.substring(i).toLowerCase(Locale.ROOT);
  }

  /** Edit distance counting a swap of neighbours as one edit: "sumbit" is one from "submit". */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
