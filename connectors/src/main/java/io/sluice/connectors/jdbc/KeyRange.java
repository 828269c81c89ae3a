package io.sluice.connectors.jdbc;

/** One range of a partition column's keys: {@code [lower, upper)}, either end open when null; {@code nulls} is the NULL-key partition. */
public record KeyRange(Long lower, Long upper, boolean nulls) {
  /** The range as a SQL condition on {@code column} (a quoted identifier). */
  public String condition(String column) {
    if (nulls) return column + " IS NULL";
    if (lower == null && upper == null) return column + " IS NOT NULL";
    if (lower == null) return column + " < " + upper;
    if (upper == null) return column + " >= " + lower;
    return column + " >= " + lower + " AND " + column + " < " + upper;
  }

  /** As people write it: {@code [10, 20)}, {@code (-inf, 20)}, {@code NULL}. */
  public String describe() {
    if (nulls) return "NULL";
    return (lower == null ? "(-inf" : "[" + lower) + ", " + (upper == null ? "+inf)" : upper + ")");
  }

  /** As a URI can carry it: {@code 10..20} (20 excluded), {@code ..20}, {@code 10..}, {@code NULL}. */
  public String asParameter() {
    if (nulls) return "NULL";
    return (lower == null ? "" : lower.toString()) + ".." + (upper == null ? "" : upper.toString());
  }
}
