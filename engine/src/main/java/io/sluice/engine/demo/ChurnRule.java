package io.sluice.engine.demo;

/**
 * The known rule behind the demo's churn data: how a customer's features make churning more or less likely.
 * The demo model learns it from noisy examples; tests compare the model against it.
 */
public final class ChurnRule {

  private ChurnRule() {}

  /** Log-odds of churning: tenure and contracts keep customers; high bills, support calls, late payments lose them. */
  public static double churnLogOdds(double tenureMonths, double monthlyCharges, double supportCalls,
      double contractYears, double latePayments) {
    return 0.8
        - 0.06 * tenureMonths
        + 0.035 * (monthlyCharges - 70)
        + 0.5 * supportCalls
        - 1.2 * contractYears
        + 0.6 * latePayments;
  }

  /** The rule's best guess for features in {@link DemoData#FEATURES} order: churning is more likely than not. */
  public static boolean likelyToChurn(float[] features) {
    return churnLogOdds(features[0], features[1], features[2], features[3], features[4]) > 0;
  }

  /** The probability of churning, for drawing noisy outcomes. */
  static double churnProbability(float[] features) {
    double logOdds = churnLogOdds(features[0], features[1], features[2], features[3], features[4]);
    return 1 / (1 + Math.exp(-logOdds));
  }
}
