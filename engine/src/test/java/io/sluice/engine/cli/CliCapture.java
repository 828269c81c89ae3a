package io.sluice.engine.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the command line in this JVM as `sluice ARGS...` would, and keeps what the last command printed. */
final class CliCapture {
  private String stdout = "";
  private String stderr = "";

  /** The exit code of `sluice ARGS...`. */
  int run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    stdout = out.toString(StandardCharsets.UTF_8);
    stderr = err.toString(StandardCharsets.UTF_8);
    return code;
  }

  String stdout() {
    return stdout;
  }

  String stderr() {
    return stderr;
  }
}
