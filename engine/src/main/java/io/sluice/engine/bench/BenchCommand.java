package io.sluice.engine.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import io.sluice.engine.model.ModelFormat;
import io.sluice.engine.model.ModelLoader;
import io.sluice.engine.model.ModelSettings;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import picocli.CommandLine;

/** {@code sluice bench}: generates each workload once, then measures the engine against a hand-written loop. */
public final class BenchCommand {
  private static final int MEMORY_SCALE = 4;
  private static final String MEMORY_XMX = "256m";

  private BenchCommand() {}

  /** Parses {@code argv} as {@code sluice bench} does, then runs the benchmark; the exit code is 0 done, 2 bad usage. */
  public static int run(List<String> argv, PrintStream out, PrintStream err) throws IOException, InterruptedException {
    BenchOptions options;
    try {
      options = BenchOptions.parse(argv);
    } catch (CommandLine.ParameterException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    return run(options, out, err);
  }

  /** Runs the benchmark and returns the exit code, 0. */
  public static int run(BenchOptions options, PrintStream out, PrintStream err) throws IOException, InterruptedException {
    if (options.scaleWorkload() != null) {
      try {
        ScaleBench.run(options.scaleWorkload(), options, out, err);
      } catch (IOException | InterruptedException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return 0;
    }
    for (Workload workload : options.workloads()) {
      if (options.memory()) {
        measureMemory(workload, options, out, err);
      } else {
        measure(workload, options, out, err);
      }
    }
    return 0;
  }

  private static void measure(Workload workload, BenchOptions options, PrintStream out, PrintStream err)
      throws IOException, InterruptedException {
    int rows = options.rowsOf(workload);
    BenchFixture fixture = prepare(workload, rows, options, err);
    Path home = fixture.model().getParent();

    err.println("timing the engine, its start-up and the hand-written loop ...");
    // Untimed: the launcher's first run after a build also writes its class archive.
    ChildRun.sluiceRun(fixture.startupJob(), options.xmx(), home.resolve("warm-up.log"));
    ChildRun engine = ChildRun.sluiceRun(fixture.job(), options.xmx(), home.resolve("engine.log"));
    ChildRun startup = ChildRun.sluiceRun(fixture.startupJob(), options.xmx(), home.resolve("startup.log"));
    ChildRun.sluiceRun(fixture.onnxStartupJob(), options.xmx(), home.resolve("warm-up-onnx.log"));
    ChildRun onnxEngine = ChildRun.sluiceRun(fixture.onnxJob(), options.xmx(), home.resolve("engine-onnx.log"));
    ChildRun onnxStartup = ChildRun.sluiceRun(fixture.onnxStartupJob(), options.xmx(), home.resolve("startup-onnx.log"));
    ChildRun parquet = ChildRun.sluiceRun(fixture.parquetJob(), options.xmx(), home.resolve("engine-parquet.log"));
    ChildRun postgres = null;
    if (options.jdbcUrl != null && workload == Workload.NARROW) {
      err.println("loading the rows into PostgreSQL ...");
      Path job = PostgresBench.prepare(options, workload, fixture.input(), fixture.model(), home);
      postgres = ChildRun.sluiceRun(job, options.xmx(), home.resolve("engine-postgres.log"));
    }
    ChildRun plainLoop = loop(fixture, workload, options, false, home.resolve("loop-plain.log"));
    ChildRun tunedLoop = loop(fixture, workload, options, true, home.resolve("loop-tuned.log"));
    MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(fixture.model().toFile(), false);
    HandLoop parts = new HandLoop(model, workload.features);
    double modelRate = parts.modelOnly(fixture.input());
    double onnxModelRate = parts.predictorOnly(fixture.input(), ModelLoader.load(
        Files.readAllBytes(fixture.onnxModel()), ModelSettings.of(ModelFormat.ONNX)).newReplica());
    double parseRate = parts.parseOnly(fixture.input(), home.resolve("parse-out.csv"));
    double parquetDecodeRate = ParquetDecodeRate.of(fixture.parquetInput(), workload.features);
    double engineRate = rows / engine.seconds();
    double startedRate = rows / Math.max(engine.seconds() - startup.seconds(), 1e-3);

    out.printf(Locale.ROOT, "workload %s: %,d rows x %d features, MLP %d-%d-%d-%d-%d, batch %d%n", workload.label(),
        rows, workload.features, workload.features, workload.hiddenUnits, workload.hiddenUnits, workload.hiddenUnits,
        Workload.OUTPUTS, HandLoop.BATCH);
    figure(out, "engine end to end, whole process", "%.2f s, %,.0f rows/s", engine.seconds(), engineRate);
    figure(out, "engine peak RSS", "%,.0f MiB", mib(engine.peakRssBytes()));
    figure(out, "engine end to end, same rows as Parquet (snappy)", "%.2f s, %,.0f rows/s, peak RSS %,.0f MiB",
        parquet.seconds(), rows / parquet.seconds(), mib(parquet.peakRssBytes()));
    figure(out, "ratio Parquet input / CSV input (rows/s)", "%.3g", engine.seconds() / parquet.seconds());
    if (postgres != null) {
      figure(out, "engine end to end, PostgreSQL table -> table", "%.2f s, %,.0f rows/s, peak RSS %,.0f MiB",
          postgres.seconds(), rows / postgres.seconds(), mib(postgres.peakRssBytes()));
      figure(out, "ratio table -> table / CSV -> CSV (time)", "%.3g", postgres.seconds() / engine.seconds());
    } else if (workload == Workload.NARROW) {
      figure(out, "PostgreSQL table -> table", "%s", "skipped (give --jdbc-url, and $" + PostgresBench.PASSWORD_VARIABLE + ")");
    }
    figure(out, "engine start-up (10 rows, whole process)", "%.2f s", startup.seconds());
    figure(out, "engine once started (minus start-up)", "%,.0f rows/s", startedRate);
    figure(out, "hand-written loop, whole process, plain java", "%.2f s, %,.0f rows/s, peak RSS %,.0f MiB",
        plainLoop.seconds(), rows / plainLoop.seconds(), mib(plainLoop.peakRssBytes()));
    figure(out, "hand-written loop, whole process, launcher's native settings", "%.2f s, %,.0f rows/s",
        tunedLoop.seconds(), rows / tunedLoop.seconds());
    figure(out, "model.output alone, pre-parsed arrays", "%,.0f rows/s", modelRate);
    figure(out, "read+parse+write alone, 1 thread", "%,.0f rows/s", parseRate);
    figure(out, "Parquet read+decode alone, 1 thread", "%,.0f rows/s", parquetDecodeRate);
    figure(out, "ratio engine / loop (plain java)", "%.3g", plainLoop.seconds() / engine.seconds());
    figure(out, "ratio engine / loop (same native settings)", "%.3g", tunedLoop.seconds() / engine.seconds());
    figure(out, "ratio engine once started / model-only", "%.3g", startedRate / modelRate);
    double onnxRate = rows / onnxEngine.seconds();
    figure(out, "ONNX model, engine end to end, whole process", "%.2f s, %,.0f rows/s", onnxEngine.seconds(), onnxRate);
    figure(out, "ONNX model, engine peak RSS", "%,.0f MiB", mib(onnxEngine.peakRssBytes()));
    figure(out, "ONNX model, engine start-up (10 rows, whole process)", "%.2f s", onnxStartup.seconds());
    figure(out, "ONNX model, engine once started (minus start-up)", "%,.0f rows/s",
        rows / Math.max(onnxEngine.seconds() - onnxStartup.seconds(), 1e-3));
    figure(out, "ONNX model alone, one predictor, pre-parsed arrays", "%,.0f rows/s", onnxModelRate);
    figure(out, "ratio ONNX engine / DL4J engine (end to end)", "%.3g", engine.seconds() / onnxEngine.seconds());
    figure(out, "ratio ONNX engine / loop (plain java)", "%.3g", plainLoop.seconds() / onnxEngine.seconds());
  }

  /** The engine on {@code MEMORY_SCALE} times the input under the same small heap: peak RSS should stay flat. */
  private static void measureMemory(Workload workload, BenchOptions options, PrintStream out, PrintStream err)
      throws IOException, InterruptedException {
    int rows = options.rowsOf(workload);
    String xmx = options.xmx() != null ? options.xmx() : MEMORY_XMX;
    BenchFixture once = prepare(workload, rows, options, err);
    BenchFixture scaled = prepare(workload, Math.multiplyExact(rows, MEMORY_SCALE), options, err);
    Path home = once.model().getParent();
    err.println("timing the engine on 1x and " + MEMORY_SCALE + "x the input with -Xmx" + xmx + " ...");
    ChildRun.sluiceRun(once.startupJob(), xmx, home.resolve("warm-up.log"));
    ChildRun small = ChildRun.sluiceRun(once.job(), xmx, home.resolve("engine-1x.log"));
    ChildRun large = ChildRun.sluiceRun(scaled.job(), xmx, home.resolve("engine-" + MEMORY_SCALE + "x.log"));
    out.printf(Locale.ROOT, "workload %s, memory: engine with -Xmx%s%n", workload.label(), xmx);
    figure(out, String.format(Locale.ROOT, "1x (%,d rows)", rows), "%.2f s, peak RSS %,.0f MiB", small.seconds(),
        mib(small.peakRssBytes()));
    figure(out, String.format(Locale.ROOT, "%dx (%,d rows)", MEMORY_SCALE, rows * MEMORY_SCALE),
        "%.2f s, peak RSS %,.0f MiB", large.seconds(), mib(large.peakRssBytes()));
    figure(out, "ratio peak RSS " + MEMORY_SCALE + "x / 1x", "%.3g",
        (double) large.peakRssBytes() / small.peakRssBytes());
    ChildRun parquetSmall = ChildRun.sluiceRun(once.parquetJob(), xmx, home.resolve("engine-parquet-1x.log"));
    ChildRun parquetLarge = ChildRun.sluiceRun(scaled.parquetJob(), xmx, home.resolve("engine-parquet-" + MEMORY_SCALE + "x.log"));
    figure(out, "Parquet input (row groups of 128 MiB), 1x", "%.2f s, peak RSS %,.0f MiB", parquetSmall.seconds(),
        mib(parquetSmall.peakRssBytes()));
    figure(out, "Parquet input (row groups of 128 MiB), " + MEMORY_SCALE + "x", "%.2f s, peak RSS %,.0f MiB",
        parquetLarge.seconds(), mib(parquetLarge.peakRssBytes()));
    figure(out, "ratio Parquet peak RSS " + MEMORY_SCALE + "x / 1x", "%.3g",
        (double) parquetLarge.peakRssBytes() / parquetSmall.peakRssBytes());
  }

  private static BenchFixture prepare(Workload workload, int rows, BenchOptions options, PrintStream err)
      throws IOException {
    Path dir = options.dir().toAbsolutePath().normalize();
    err.printf(Locale.ROOT, "preparing %s (%,d rows) under %s ...%n", workload.label(), rows, dir);
    return BenchFixture.prepare(dir, workload, rows);
  }

  private static ChildRun loop(BenchFixture fixture, Workload workload, BenchOptions options, boolean nativeDefaults,
      Path log) throws IOException, InterruptedException {
    Path output = fixture.model().resolveSibling("loop-out.csv");
    return ChildRun.java(HandLoop.class.getName(), List.of(fixture.model().toString(), fixture.input().toString(),
        output.toString(), Integer.toString(workload.features)), options.xmx(), nativeDefaults, log);
  }

  private static double mib(long bytes) {
    return bytes / 1048576.0;
  }

  private static void figure(PrintStream out, String label, String format, Object... values) {
    out.printf(Locale.ROOT, "  %-58s %s%n", label, String.format(Locale.ROOT, format, values));
  }
}
