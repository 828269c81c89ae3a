package io.sluice.engine.cli;

import io.sluice.engine.model.GcSafeOpExecutioner;
import io.sluice.engine.model.NativeWarmUp;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** The {@code sluice} command line: parses it (picocli, {@link SluiceCommand}), runs the command and returns its exit code. */
public final class Main {
  /** Commands that load models, for which the native backend starts loading at once. */
  private static final Set<String> NEEDS_MODELS = Set.of("run", "demo", "validate", "node");

  private Main() {}

  public static void main(String[] argv) {
    // Before anything touches ND4J, which reads its executioner class once, when it starts.
    GcSafeOpExecutioner.install();
    // Initialise logging before any other thread logs, or SLF4J prints a warning about
    // replaying the calls it intercepted while it started.
    LoggerFactory.getILoggerFactory();
    List<String> args = Arrays.asList(argv);
    if (!args.isEmpty() && NEEDS_MODELS.contains(args.get(0)) && !args.contains("--help") && !args.contains("-h")) {
      NativeWarmUp.start();
    }
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs a command and returns its exit code: 0 success; 1 the run failed or was cancelled, or
   * the API cannot be reached; 2 bad usage, an invalid job, an unknown run or job, or a refused token.
   */
  static int run(List<String> argv, PrintStream out, PrintStream err) {
    CommandLine cli = SluiceCommand.commandLine(out, err);
    try {
      return cli.execute(argv.toArray(String[]::new));
    } finally {
      cli.getOut().flush();
      cli.getErr().flush();
    }
  }
}
