package io.sluice.engine.bench;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * The arguments of {@code sluice bench}, a picocli mixin of that command:
 * {@code [--workload W] [--rows N] [--xmx SIZE] [--memory] [DIR]}.
 */
public final class BenchOptions {
  @Option(names = "--workload", paramLabel = "W", converter = WorkloadName.class,
      description = {"wide, narrow or all; default all,", "narrow with --memory; or partitions,",
          "small-files or coordinator (scale figures)."})
  String workload;

  @Option(names = "--rows", paramLabel = "N", converter = PositiveRows.class,
      description = {"Rows per workload; default 100,000 wide,", "1,000,000 narrow."})
  int rows;

  @Option(names = "--xmx", paramLabel = "SIZE", description = {"The engine's and the loop's -Xmx; default", "the JVM's, 256m with --memory."})
  String xmx;

  @Option(names = "--memory", description = {"Measure the engine's peak RSS at 1x and 4x", "the input instead of speed."})
  boolean memory;

  @Option(names = "--jdbc-url", paramLabel = "URL", description = {"A PostgreSQL database (jdbc:postgresql://...)",
      "to time the narrow workload table -> table in;", "its password from $SLUICE_BENCH_DB_PASSWORD.",
      "Without it that figure is skipped."})
  String jdbcUrl;

  @Option(names = "--jdbc-user", paramLabel = "USER", description = {"The user for --jdbc-url."})
  String jdbcUser;

  @Parameters(arity = "0..1", paramLabel = "DIR", description = {"Where the data and models go;", "default ./sluice-bench."})
  Path dir = Path.of("sluice-bench");

  /** Parses {@code args} as {@code sluice bench} does. */
  static BenchOptions parse(List<String> args) {
    return CommandLine.populateCommand(new BenchOptions(), args.toArray(String[]::new));
  }

  /** The workloads to time: the one asked for, or both for speed and the many-row one for memory. */
  List<Workload> workloads() {
    return Workload.named(workload != null ? workload : memory ? "narrow" : "all");
  }

  /** A scale workload's name ({@link ScaleBench}), or null when the workloads are models' ones. */
  String scaleWorkload() {
    return ScaleBench.names(workload) ? workload : null;
  }

  /** The child JVM's maximum heap ({@code -Xmx}), or null for the JVM's default. */
  String xmx() {
    return xmx;
  }

  /** Measure peak memory at 1x and 4x the input instead of speed. */
  boolean memory() {
    return memory;
  }

  Path dir() {
    return dir;
  }

  /** The rows to use for {@code workload}: the ones asked for, or its default. */
  int rowsOf(Workload workload) {
    return rows > 0 ? rows : workload.defaultRows;
  }

  /** Refuses a workload name at parse time, so that a typo is a usage error. */
  static final class WorkloadName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        if (!ScaleBench.names(value)) Workload.named(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("must be wide, narrow, all, partitions, small-files or coordinator, not '" + value + "'");
      }
      return value;
    }
  }

  /** A positive row count; {@code 1_000_000} and {@code 1,000,000} are read too. */
  static final class PositiveRows implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int rows = Integer.parseInt(value.replace("_", "").replace(",", ""));
        if (rows > 0) return rows;
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new TypeConversionException("must be a positive number, not '" + value + "'");
    }
  }
}
