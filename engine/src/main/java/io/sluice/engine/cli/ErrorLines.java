package io.sluice.engine.cli;

import java.io.PrintStream;

/** Prints a problem report as the CLI shows every problem: one "error: ..." line each, whatever carried it. */
final class ErrorLines {
  private ErrorLines() {}

  /** {@code message} may hold several problems, one per line (a job's problems come all at once). */
  static void print(PrintStream err, String message) {
    message.lines().forEach(line -> err.println("error: " + line));
  }

  static void print(java.io.PrintWriter err, String message) {
    message.lines().forEach(line -> err.println("error: " + line));
  }
}
