package io.sluice.engine.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/** {@code sluice bench}: generates each workload once, then measures the engine against a hand-written loop. */
public final class BenchCommand {
  public static final String USAGE =
      "usage: sluice bench [--workload wide|narrow|all] [--rows N] [--xmx SIZE] [DIR]";

  private BenchCommand() {}

  /** Runs the benchmark and returns the exit code: 0 done, 2 bad usage. */
  public static int run(List<String> argv, PrintStream out, PrintStream err) throws IOException, InterruptedException {
    BenchOptions options;
    try {
      options = BenchOptions.parse(argv);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    for (Workload workload : options.workloads()) {
      measure(workload, options, out, err);
    }
    return 0;
  }

  private static void measure(Workload workload, BenchOptions options, PrintStream out, PrintStream err)
      throws IOException, InterruptedException {
    int rows = options.rows() > 0 ? options.rows() : workload.defaultRows;
    Path dir = options.dir().toAbsolutePath().normalize();
    err.printf(Locale.ROOT, "preparing %s (%,d rows) under %s ...%n", workload.label(), rows, dir);
    BenchFixture fixture = BenchFixture.prepare(dir, workload, rows);
    Path home = fixture.model().getParent();

    ChildRun engine = ChildRun.run(fixture.job(), options.xmx(), home.resolve("engine.log"));
    ChildRun startup = ChildRun.run(fixture.startupJob(), options.xmx(), home.resolve("startup.log"));
    MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(fixture.model().toFile(), false);
    HandLoop loop = new HandLoop(model, workload.features);
    double loopRate = loop.loop(fixture.input(), home.resolve("loop-out.csv"));
    double modelRate = loop.modelOnly(fixture.input());
    double parseRate = loop.parseOnly(fixture.input(), home.resolve("parse-out.csv"));
    double engineRate = rows / engine.seconds();
    double startedRate = rows / Math.max(engine.seconds() - startup.seconds(), 1e-3);

    out.printf(Locale.ROOT, "workload %s: %,d rows x %d features, MLP %d-%d-%d-%d-%d, batch %d%n", workload.label(),
        rows, workload.features, workload.features, workload.hiddenUnits, workload.hiddenUnits, workload.hiddenUnits,
        Workload.OUTPUTS, HandLoop.BATCH);
    figure(out, "engine end to end, whole process", "%.2f s, %,.0f rows/s", engine.seconds(), engineRate);
    figure(out, "engine peak RSS", "%,.0f MiB", engine.peakRssBytes() / 1048576.0);
    figure(out, "engine start-up (10 rows)", "%.2f s", startup.seconds());
    figure(out, "engine once started (minus start-up)", "%,.0f rows/s", startedRate);
    figure(out, "hand-written loop", "%,.0f rows/s", loopRate);
    figure(out, "model.output alone", "%,.0f rows/s", modelRate);
    figure(out, "read+parse+write alone, 1 thread", "%,.0f rows/s", parseRate);
    figure(out, "ratio engine / loop", "%.3g", engineRate / loopRate);
    figure(out, "ratio engine once started / model-only", "%.3g", startedRate / modelRate);
    figure(out, "ratio engine / model-only", "%.3g", engineRate / modelRate);
  }

  private static void figure(PrintStream out, String label, String format, Object... values) {
    out.printf(Locale.ROOT, "  %-40s %s%n", label, String.format(Locale.ROOT, format, values));
  }
}
