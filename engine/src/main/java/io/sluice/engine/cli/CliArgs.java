package io.sluice.engine.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A command's arguments: positionals, {@code --set key=value} overrides and options.
 *
 * @param follow {@code --wait}: follow the submitted run to its end
 * @param api the {@code --api} URL, or null
 * @param token the {@code --token}, or null
 * @param config the {@code --config} file, or null
 * @param given the options given, as written ({@code --wait}), to refuse those a command does not take
 */
record CliArgs(List<String> positional, List<String> sets, boolean quiet, String api, String token, boolean follow,
    String config, Set<String> given) {

  /** Parses what follows the command name; unknown options are usage errors. */
  static CliArgs parse(List<String> args) {
    List<String> positional = new ArrayList<>();
    List<String> sets = new ArrayList<>();
    Set<String> given = new LinkedHashSet<>();
    boolean quiet = false;
    boolean follow = false;
    String api = null;
    String token = null;
    String config = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      int eq = a.indexOf('=');
      String option = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
      String inlineValue = option.equals(a) ? null : a.substring(eq + 1);
      switch (option) {
        case "--set", "--api", "--token", "--config" -> {
          String value = inlineValue;
          if (value == null) {
            if (i + 1 >= args.size()) throw new UsageException(option + " needs " + (option.equals("--set") ? "key=value" : "a value"));
            value = args.get(++i);
          }
          given.add(option);
          switch (option) {
            case "--set" -> sets.add(value);
            case "--api" -> api = value;
            case "--token" -> token = value;
            default -> config = value;
          }
        }
        case "--quiet", "-q", "--wait" -> {
          if (inlineValue != null) throw new UsageException(option + " takes no value");
          given.add(option.equals("-q") ? "--quiet" : option);
          if (option.equals("--wait")) follow = true;
          else quiet = true;
        }
        default -> {
          if (a.startsWith("-") && !a.equals("-")) throw new UsageException("unknown option " + a);
          positional.add(a);
        }
      }
    }
    return new CliArgs(List.copyOf(positional), List.copyOf(sets), quiet, api, token, follow, config, Set.copyOf(given));
  }

  /** The only positional argument, or a usage error naming what was expected. */
  String single(String what) {
    if (positional.size() != 1) throw new UsageException("expected " + what);
    return positional.get(0);
  }

  /**
   * Refuses options {@code command} does not take: {@code run --api URL} would otherwise run
   * the job locally while its user believes it went to the cluster.
   */
  CliArgs only(String command, String... allowed) {
    Set<String> extra = new LinkedHashSet<>(given);
    extra.removeAll(Set.of(allowed));
    if (!extra.isEmpty()) throw new UsageException("'" + command + "' does not take " + String.join(", ", extra));
    return this;
  }
}
