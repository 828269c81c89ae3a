package io.sluice.engine.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The arguments of {@code sluice bench}.
 *
 * @param rows rows per workload, or 0 for each workload's default
 * @param xmx the child JVM's maximum heap ({@code -Xmx}), or null for the JVM's default
 * @param memory measure peak memory at 1x and 4x the input instead of speed
 */
record BenchOptions(List<Workload> workloads, int rows, String xmx, boolean memory, Path dir) {

  /** Parses {@code [--workload W] [--rows N] [--xmx SIZE] [--memory] [DIR]}; a value may follow its option or an {@code =}. */
  static BenchOptions parse(List<String> args) {
    List<Workload> workloads = null;
    int rows = 0;
    String xmx = null;
    boolean memory = false;
    Path dir = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      int eq = arg.indexOf('=');
      String option = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
      boolean takesValue = option.equals("--workload") || option.equals("--rows") || option.equals("--xmx");
      String value = !takesValue ? null : eq > 0 ? arg.substring(eq + 1) : i + 1 < args.size() ? args.get(++i) : null;
      if (takesValue && value == null) throw new IllegalArgumentException(option + " needs a value");
      switch (option) {
        case "--workload" -> workloads = Workload.named(value);
        case "--rows" -> rows = positiveRows(value);
        case "--xmx" -> xmx = value;
        case "--memory" -> memory = true;
        default -> {
          if (arg.startsWith("-") || dir != null) throw new IllegalArgumentException("unexpected argument " + arg);
          dir = Path.of(arg);
        }
      }
    }
    // The memory check is about the many-row workload; the speed figures cover both unless told.
    if (workloads == null) workloads = Workload.named(memory ? "narrow" : "all");
    return new BenchOptions(workloads, rows, xmx, memory, dir == null ? Path.of("sluice-bench") : dir);
  }

  /** The rows to use for {@code workload}: the ones asked for, or its default. */
  int rowsOf(Workload workload) {
    return rows > 0 ? rows : workload.defaultRows;
  }

  private static int positiveRows(String value) {
    try {
      int rows = Integer.parseInt(value.replace("_", "").replace(",", ""));
      if (rows > 0) return rows;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--rows must be a positive number, not '" + value + "'");
  }
}
