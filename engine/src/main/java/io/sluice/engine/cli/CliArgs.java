package io.sluice.engine.cli;

import java.util.ArrayList;
import java.util.List;

/** A command's arguments: positionals, {@code --set key=value} overrides and flags. */
record CliArgs(List<String> positional, List<String> sets, boolean quiet) {

  /** Parses what follows the command name; unknown options are usage errors. */
  static CliArgs parse(List<String> args) {
    List<String> positional = new ArrayList<>();
    List<String> sets = new ArrayList<>();
    boolean quiet = false;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--set")) {
        if (i + 1 >= args.size()) throw new UsageException("--set needs key=value");
        sets.add(args.get(++i));
      } else if (a.startsWith("--set=")) {
        sets.add(a.substring("--set=".length()));
      } else if (a.equals("--quiet") || a.equals("-q")) {
        quiet = true;
      } else if (a.startsWith("-") && !a.equals("-")) {
        throw new UsageException("unknown option " + a);
      } else {
        positional.add(a);
      }
    }
    return new CliArgs(positional, sets, quiet);
  }

  /** The only positional argument, or a usage error naming what was expected. */
  String single(String what) {
    if (positional.size() != 1) throw new UsageException("expected " + what);
    return positional.get(0);
  }
}
