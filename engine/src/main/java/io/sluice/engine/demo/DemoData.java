package io.sluice.engine.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Makes the demo's input: customer CSV files to score and a small trained churn model to score them with. */
public final class DemoData {

  /** The model's input columns, in the order it takes them. */
  public static final List<String> FEATURES =
      List.of("tenure_months", "monthly_charges", "support_calls", "contract_years", "late_payments");

  /** The model's output units, in order. */
  public static final List<String> LABELS = List.of("stay", "churn");

  private static final int FILES = 3;
  private static final int CUSTOMERS_PER_FILE = 5_000;

  /**
   * What was made: where the CSV files and the model are, how many records the files hold (bad ones included),
   * how many of them are bad, and the feature and label names a job needs.
   */
  public record Result(Path inputDir, Path model, long records, long badRecords, List<String> features,
      List<String> labels) {}

  private DemoData() {}

  /**
   * Writes {@code dir/in/customers-1.csv} .. {@code customers-3.csv} and {@code dir/model.zip}; the same seed
   * gives the same data.
   */
  public static Result generate(Path dir, long seed) throws IOException {
    Random random = new Random(seed);
    Path inputDir = Files.createDirectories(dir.resolve("in"));
    DemoCsvWriter writer = new DemoCsvWriter(random);
    List<DemoCustomer> everyone = new ArrayList<>();
    long badRecords = 0;
    for (int file = 1; file <= FILES; file++) {
      List<DemoCustomer> customers = customers(everyone.size(), random);
      // Blank lines in one file only: readers must skip them wherever they are, and not count them as records.
      badRecords += writer.write(inputDir.resolve("customers-" + file + ".csv"), customers, file == 2 ? 2 : 0);
      everyone.addAll(customers);
    }
    Path model = dir.resolve("model.zip");
    DemoModelTrainer.trainAndSave(everyone, seed, model);
    return new Result(inputDir, model, everyone.size(), badRecords, FEATURES, LABELS);
  }

  private static List<DemoCustomer> customers(int numberedSoFar, Random random) {
    List<DemoCustomer> customers = new ArrayList<>(CUSTOMERS_PER_FILE);
    for (int i = 1; i <= CUSTOMERS_PER_FILE; i++) {
      customers.add(DemoCustomer.random(numberedSoFar + i, random));
    }
    return customers;
  }
}
