package io.sluice.engine.bench;

import java.util.List;

/** One benchmark workload: the width of its input, the hidden layers of its MLP and its default row count. */
enum Workload {
  WIDE(256, 1024, 100_000),
  NARROW(16, 64, 1_000_000);

  static final int OUTPUTS = 4;
  static final int HIDDEN_LAYERS = 3;

  final int features;
  final int hiddenUnits;
  final int defaultRows;

  Workload(int features, int hiddenUnits, int defaultRows) {
    this.features = features;
    this.hiddenUnits = hiddenUnits;
    this.defaultRows = defaultRows;
  }

  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The workloads {@code --workload} names: wide, narrow or all. */
  static List<Workload> named(String name) {
    return switch (name) {
      case "all" -> List.of(WIDE, NARROW);
      case "wide" -> List.of(WIDE);
      case "narrow" -> List.of(NARROW);
      default -> throw new IllegalArgumentException("--workload must be wide, narrow or all, not '" + name + "'");
    };
  }
}
