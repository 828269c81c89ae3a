package io.sluice.engine.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/** Writes demo customers as a CSV file with the flaws real exports have: a few bad lines and blank lines. */
final class DemoCsvWriter {

  static final String HEADER =
      "customer_id,region,tenure_months,monthly_charges,support_calls,contract_years,late_payments";

  /** About 0.2% of the records, as in a tolerable real export. */
  private static final double BAD_RECORD_SHARE = 0.002;

  private final Random random;

  DemoCsvWriter(Random random) {
    this.random = random;
  }

  /** Writes the file and returns how many of its records are bad. */
  long write(Path file, List<DemoCustomer> customers, int blankLines) throws IOException {
    int badCount = Math.max(1, (int) Math.round(customers.size() * BAD_RECORD_SHARE));
    Set<Integer> badLines = randomIndices(customers.size(), badCount);
    Set<Integer> blankBefore = randomIndices(customers.size(), blankLines);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(HEADER);
      out.write('\n');
      for (int i = 0; i < customers.size(); i++) {
        if (blankBefore.contains(i)) {
          out.write('\n');
        }
        DemoCustomer customer = customers.get(i);
        out.write(badLines.contains(i) ? badLine(customer, i) : goodLine(customer));
        out.write('\n');
      }
    }
    return badLines.size();
  }

  private Set<Integer> randomIndices(int bound, int count) {
    return random.ints(0, bound).distinct().limit(count).boxed().collect(Collectors.toSet());
  }

  private static String goodLine(DemoCustomer customer) {
    return lineOf(customer, format(customer.features()));
  }

  // The kinds of damage a reader must count as bad records rather than drop or crash on.
  private static String badLine(DemoCustomer customer, int index) {
    String[] fields = format(customer.features());
    switch (index % 3) {
      case 0 -> fields[1] = "n/a";
      case 1 -> fields[0] = "";
      default -> {
        String full = lineOf(customer, fields);
        return full.substring(0, full.lastIndexOf(','));
      }
    }
    return lineOf(customer, fields);
  }

  private static String lineOf(DemoCustomer customer, String[] features) {
    return customer.id() + "," + quoted(customer.region()) + "," + String.join(",", features);
  }

  private static String[] format(float[] features) {
    return new String[] {
        Integer.toString((int) features[0]),
        String.format(Locale.ROOT, "%.2f", features[1]),
        Integer.toString((int) features[2]),
        Integer.toString((int) features[3]),
        Integer.toString((int) features[4])
    };
  }

  private static String quoted(String text) {
    if (text.indexOf(',') < 0 && text.indexOf('"') < 0) {
      return text;
    }
    return '"' + text.replace("\"", "\"\"") + '"';
  }
}
