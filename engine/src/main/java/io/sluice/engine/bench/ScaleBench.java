package io.sluice.engine.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code sluice bench --workload partitions | small-files | coordinator}: what a partition costs beyond its rows,
 * what a folder of small files costs against one file of the same rows, and how fast one coordinator hands out
 * partitions. Each runs on the narrow workload's data and model.
 */
final class ScaleBench {
  static final String SMALL_SPLIT = "16KiB";
  static final int ROWS_PER_SMALL_FILE = 50;
  static final int PARQUET_ROWS_PER_SMALL_FILE = 100;
  static final int SMALL_FILES_ROWS = 500_000;
  static final int COORDINATOR_PARTITIONS = 100_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ScaleBench() {}

  /** Whether {@code name} is one of these workloads. */
  static boolean names(String name) {
    return name != null && (name.equals("partitions") || name.equals("small-files") || name.equals("coordinator"));
  }

  static void run(String name, BenchOptions options, PrintStream out, PrintStream err) throws Exception {
    switch (name) {
      case "partitions" -> partitions(options, out, err);
      case "small-files" -> smallFiles(options, out, err);
      default -> coordinator(options, out, err);
    }
  }

  /** The same rows at the default split size and at 16KiB: the second run's extra time is per-partition cost. */
  private static void partitions(BenchOptions options, PrintStream out, PrintStream err) throws Exception {
    int rows = options.rows > 0 ? options.rows : Workload.NARROW.defaultRows;
    BenchFixture fixture = BenchFixture.prepare(options.dir().toAbsolutePath().normalize(), Workload.NARROW, rows);
    Path home = fixture.model().getParent();
    err.println("timing the engine at the default split size and at " + SMALL_SPLIT + " ...");
    ChildRun.sluiceRun(fixture.startupJob(), options.xmx(), home.resolve("warm-up.log"));
    ChildRun few;
    ChildRun many;
    int fewPartitions;
    int manyPartitions;
    try (FreshOutputs outputs = new FreshOutputs(home)) {
      Path fewOut = outputs.next("few-partitions");
      few = ChildRun.sluiceRun(fixture.job(), options.xmx(), home.resolve("engine-few-partitions.log"),
          FreshOutputs.outputTo(fewOut));
      fewPartitions = partitionsOf(fewOut);
      Path manyOut = outputs.next("many-partitions");
      many = ChildRun.sluiceRun(fixture.job(), options.xmx(), home.resolve("engine-many-partitions.log"),
          "job.input.split-size=" + SMALL_SPLIT, FreshOutputs.outputTo(manyOut));
      manyPartitions = partitionsOf(manyOut);
    }
    out.printf(Locale.ROOT, "workload partitions: narrow, %,d rows, the same input cut into few or many partitions%n", rows);
    figure(out, String.format(Locale.ROOT, "%,d partitions (default split-size)", fewPartitions), "%.2f s", few.seconds());
    figure(out, String.format(Locale.ROOT, "%,d partitions (split-size %s)", manyPartitions, SMALL_SPLIT), "%.2f s",
        many.seconds());
    figure(out, "ratio many / few partitions (wall time)", "%.3g", many.seconds() / few.seconds());
    figure(out, "cost per extra partition", "%.3f ms",
        (many.seconds() - few.seconds()) * 1000 / Math.max(1, manyPartitions - fewPartitions));
  }

  /** The same rows as one file and as files of 50 rows each; then as one Parquet file and as files of 100 rows. */
  private static void smallFiles(BenchOptions options, PrintStream out, PrintStream err) throws Exception {
    int rows = options.rows > 0 ? options.rows : SMALL_FILES_ROWS;
    BenchFixture fixture = BenchFixture.prepare(options.dir().toAbsolutePath().normalize(), Workload.NARROW, rows);
    Path home = fixture.model().getParent();
    Path folder = home.resolve("small-files-" + rows);
    if (!Files.isDirectory(folder)) split(fixture.input(), folder, err);
    long bytes;
    long files;
    try (Stream<Path> s = Files.list(folder)) {
      var sizes = s.mapToLong(p -> p.toFile().length()).summaryStatistics();
      bytes = sizes.getSum();
      files = sizes.getCount();
    }
    Path job = BenchFixture.writeJob(Workload.NARROW, home, "job-small-files-" + rows + ".conf", folder, fixture.model(),
        home.resolve("small-files-out"));
    err.println("timing the engine on one file and on " + files + " files of the same rows ...");
    ChildRun.sluiceRun(fixture.startupJob(), options.xmx(), home.resolve("warm-up.log"));
    OneAndMany csv = oneAndMany(home, options, fixture.job(), job, "file");
    // The same rows as Parquet: one file, and files of 100 rows (a data lake's daily drop), in a folder named as
    // Spark names a table's (its name ends in .parquet, which the job file takes as the format).
    Path parquetFolder = home.resolve("small-parquet-" + rows + ".parquet");
    if (!Files.isDirectory(parquetFolder)) {
      err.println("writing " + parquetFolder + " ...");
      BenchFixture.writeParquetFiles(Workload.NARROW, rows, PARQUET_ROWS_PER_SMALL_FILE, parquetFolder);
    }
    long parquetFiles;
    try (Stream<Path> s = Files.list(parquetFolder)) {
      parquetFiles = s.count();
    }
    Path parquetJob = BenchFixture.writeJob(Workload.NARROW, home, "job-small-parquet-" + rows + ".conf", parquetFolder,
        fixture.model(), home.resolve("small-files-out"));
    err.println("timing the engine on one Parquet file and on " + parquetFiles + " Parquet files of the same rows ...");
    OneAndMany parquet = oneAndMany(home, options, fixture.parquetJob(), parquetJob, "parquet-file");
    long split = 64L << 20;
    out.printf(Locale.ROOT, "workload small-files: narrow, %,d rows as one file and as %,d files of %d rows%n", rows, files,
        ROWS_PER_SMALL_FILE);
    figure(out, "one file", "%.2f s", csv.one().seconds());
    figure(out, String.format(Locale.ROOT, "%,d files", files), "%.2f s, %,d part files (bound %,d)", csv.many().seconds(),
        csv.manyPartitions(), (bytes + split - 1) / split + 1);
    figure(out, "ratio small files / one file (wall time)", "%.3g", csv.ratio());
    figure(out, "one Parquet file", "%.2f s", parquet.one().seconds());
    figure(out, String.format(Locale.ROOT, "%,d Parquet files of %d rows", parquetFiles, PARQUET_ROWS_PER_SMALL_FILE),
        "%.2f s, %,d part files", parquet.many().seconds(), parquet.manyPartitions());
    figure(out, "ratio small Parquet files / one Parquet file (wall time)", "%.3g", parquet.ratio());
  }

  /** A run of the rows in one file and a run of the same rows in many, and the second's partitions. */
  private record OneAndMany(ChildRun one, ChildRun many, int manyPartitions) {
    double ratio() {
      return many.seconds() / one.seconds();
    }
  }

  /** Runs {@code oneJob} then {@code manyJob}, each into an output folder of its own, gone once timed. */
  private static OneAndMany oneAndMany(Path home, BenchOptions options, Path oneJob, Path manyJob, String name)
      throws Exception {
    try (FreshOutputs outputs = new FreshOutputs(home)) {
      ChildRun one = ChildRun.sluiceRun(oneJob, options.xmx(), home.resolve("engine-one-" + name + ".log"),
          FreshOutputs.outputTo(outputs.next("one-" + name)));
      Path manyOut = outputs.next("many-" + name + "s");
      ChildRun many = ChildRun.sluiceRun(manyJob, options.xmx(), home.resolve("engine-many-" + name + "s.log"),
          FreshOutputs.outputTo(manyOut));
      return new OneAndMany(one, many, partitionsOf(manyOut));
    }
  }

  /** A real coordinator and 50 synthetic workers (2 partitions in flight each) that do no work. */
  private static void coordinator(BenchOptions options, PrintStream out, PrintStream err) throws Exception {
    int partitions = options.rows > 0 ? options.rows : COORDINATOR_PARTITIONS;
    BenchFixture fixture = BenchFixture.prepare(options.dir().toAbsolutePath().normalize(), Workload.NARROW,
        Workload.NARROW.defaultRows);
    err.println("handing out " + partitions + " partitions to 50 synthetic workers ...");
    CoordinatorBench.Result r = CoordinatorBench.measure(fixture.job(), fixture.input(), partitions, 50);
    out.printf(Locale.ROOT, "workload coordinator: one run coordinator, %,d partitions, 50 workers doing no work%n", r.partitions());
    figure(out, "partition hand-outs per second", "%,.0f", r.handOutsPerSecond());
    figure(out, "whole run (plan, manifest at start and end)", "%.2f s", r.runSeconds());
    figure(out, "heap in use: peak during the run, after it", "%,.0f MiB, %,.0f MiB", r.peakHeapBytes() / 1048576.0,
        r.heapAfterBytes() / 1048576.0);
  }

  /** Cuts {@code input} (a CSV with a header) into files of 50 rows, each with the header. */
  private static void split(Path input, Path folder, PrintStream err) throws IOException {
    err.println("writing " + folder + " ...");
    Path partial = folder.resolveSibling(folder.getFileName() + ".partial");
    Files.createDirectories(partial);
    try (BufferedReader in = Files.newBufferedReader(input)) {
      String header = in.readLine();
      String line = in.readLine();
      for (int file = 0; line != null; file++) {
        try (BufferedWriter w = Files.newBufferedWriter(partial.resolve(String.format("rows-%06d.csv", file)))) {
          w.write(header);
          w.write('\n');
          for (int n = 0; n < ROWS_PER_SMALL_FILE && line != null; n++, line = in.readLine()) {
            w.write(line);
            w.write('\n');
          }
        }
      }
    }
    Files.move(partial, folder);
  }

  private static int partitionsOf(Path output) throws IOException {
    return JSON.readTree(output.resolve("_manifest.json").toFile()).path("totals").path("partitions").asInt();
  }

  private static void figure(PrintStream out, String label, String format, Object... values) {
    out.printf(Locale.ROOT, "  %-58s %s%n", label, String.format(Locale.ROOT, format, values));
  }
}
