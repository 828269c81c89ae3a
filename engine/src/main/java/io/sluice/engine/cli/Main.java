package io.sluice.engine.cli;

import io.sluice.engine.model.GcSafeOpExecutioner;
import io.sluice.engine.model.NativeWarmUp;
import io.sluice.engine.model.ResidentMemoryCheck;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** The {@code sluice} command line: parses it (picocli, {@link SluiceCommand}), runs the command and returns its exit code. */
public final class Main {
  /** Commands that load models, for which the native backend starts loading at once. */
  private static final Set<String> NEEDS_MODELS = Set.of("run", "demo", "validate", "node");

  private Main() {}

  public static void main(String[] argv) {
    CommonPool.atLeastTwoThreads();
    List<String> args = Arrays.asList(argv);
    // picocli's classes cannot go into the launcher's class archive (their class files predate
    // Java 6), so reading them and the commands' annotations costs start-up time: do it on another
    // thread while ND4J's executioner and logging start. Neither touches ND4J nor logs.
    FutureTask<CommandLine> commandLine = new FutureTask<>(() -> SluiceCommand.commandLine(System.out, System.err, args));
    Thread reader = new Thread(commandLine, "command-line");
    reader.setDaemon(true);
    reader.start();
    // Before anything touches ND4J, which reads its executioner class (and JavaCPP its memory limits) once, when it starts.
    GcSafeOpExecutioner.install();
    ResidentMemoryCheck.turnOff();
    // Initialise logging before any other thread logs, or SLF4J prints a warning about
    // replaying the calls it intercepted while it started.
    LoggerFactory.getILoggerFactory();
    if (!args.isEmpty() && NEEDS_MODELS.contains(args.get(0)) && !args.contains("--help") && !args.contains("-h")) {
      NativeWarmUp.start();
    }
    System.exit(run(built(commandLine), args));
  }

  /**
   * Runs a command and returns its exit code: 0 success; 1 the run failed or was cancelled, or
   * the API cannot be reached; 2 bad usage, an invalid job, an unknown run or job, or a refused token.
   */
  static int run(List<String> argv, PrintStream out, PrintStream err) {
    return run(SluiceCommand.commandLine(out, err, argv), argv);
  }

  private static int run(CommandLine cli, List<String> argv) {
    try {
      return cli.execute(argv.toArray(String[]::new));
    } finally {
      cli.getOut().flush();
      cli.getErr().flush();
    }
  }

  private static CommandLine built(FutureTask<CommandLine> commandLine) {
    try {
      return commandLine.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the command line", e);
    }
  }
}
