package io.sluice.engine.demo;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/** One made-up customer of the demo: an id, a region, the model's features and whether they churned. */
record DemoCustomer(String id, String region, float[] features, boolean churned) {

  // Some regions hold a comma, so the CSV must quote them: the demo shows that quoting works.
  private static final List<String> REGIONS =
      List.of("north", "south", "east", "west", "central", "north, coast", "south, coast");

  static DemoCustomer random(int number, Random random) {
    float tenureMonths = 1 + random.nextInt(72);
    float monthlyCharges = Math.round((20 + 100 * random.nextDouble()) * 100) / 100f;
    float supportCalls = skewedCount(random, 1.5, 9);
    float contractYears = contractYears(random);
    float latePayments = skewedCount(random, 0.8, 6);
    float[] features = {tenureMonths, monthlyCharges, supportCalls, contractYears, latePayments};
    boolean churned = random.nextDouble() < ChurnRule.churnProbability(features);
    String region = REGIONS.get(random.nextInt(REGIONS.size()));
    return new DemoCustomer(String.format(Locale.ROOT, "C%05d", number), region, features, churned);
  }

  // Most customers call support rarely and pay on time; a few do often.
  private static float skewedCount(Random random, double mean, int max) {
    return (float) Math.min(max, Math.floor(-Math.log(1 - random.nextDouble()) * mean));
  }

  private static float contractYears(Random random) {
    double draw = random.nextDouble();
    return draw < 0.5 ? 0 : draw < 0.8 ? 1 : 2;
  }
}
