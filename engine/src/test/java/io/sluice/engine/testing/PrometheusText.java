package io.sluice.engine.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, as a scraper reads it: HELP and
 * TYPE lines, samples with escaped label values, float values (NaN, +Inf, -Inf), and the rules a
 * scrape fails on: a family's TYPE before its samples, one HELP and TYPE per family, a family's
 * samples together, no sample twice, histogram buckets cumulative with {@code +Inf} equal to
 * {@code _count}. Any breach is an IllegalArgumentException naming the line.
 */
public final class PrometheusText {
  private PrometheusText() {}

  /** One sample: its name, labels in order, and value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** One metric family: its type (counter, gauge, histogram, summary, untyped), help and samples. */
  public record Family(String name, String type, String help, List<Sample> samples) {
    /** The value of the sample {@code name} with exactly {@code labels}, or null when there is none. */
    public Double value(String sampleName, Map<String, String> labels) {
      return samples.stream().filter(s -> s.name().equals(sampleName) && s.labels().equals(labels))
          .map(Sample::value).findFirst().orElse(null);
    }
  }

  /** Every family of {@code text}, in the order they appear. */
  public static Map<String, Family> parse(String text) {
    if (!text.isEmpty() && !text.endsWith("\n")) throw new IllegalArgumentException("the text does not end with a line feed");
    Map<String, Family> families = new LinkedHashMap<>();
    Map<String, String> helps = new LinkedHashMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    String current = null;
    java.util.Set<String> closed = new java.util.HashSet<>();
    int number = 0;
    for (String line : text.split("\n", -1)) {
      number++;
      if (line.isEmpty()) continue;
      String where = "line " + number + " '" + line + "': ";
      if (line.startsWith("#")) {
        String[] parts = line.split(" ", 4);
        if (parts.length >= 3 && parts[1].equals("HELP")) {
          if (helps.put(parts[2], parts.length == 4 ? parts[3] : "") != null) throw new IllegalArgumentException(where + "a second HELP");
        } else if (parts.length >= 4 && parts[1].equals("TYPE")) {
          String name = parts[2];
          if (families.containsKey(name)) throw new IllegalArgumentException(where + "a second TYPE");
          if (!List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[3])) {
            throw new IllegalArgumentException(where + "unknown type");
          }
          checkName(name, where);
          if (current != null) closed.add(current);
          families.put(name, new Family(name, parts[3], null, new ArrayList<>()));
          current = name;
        }
        continue;
      }
      Sample sample = sample(line, where);
      String family = familyOf(sample.name(), families);
      if (family == null) throw new IllegalArgumentException(where + "a sample before its family's TYPE");
      if (!family.equals(current)) {
        if (closed.contains(family)) throw new IllegalArgumentException(where + "the samples of " + family + " are not together");
        if (current != null) closed.add(current);
        current = family;
      }
      if (!seen.add(sample.name() + sample.labels())) throw new IllegalArgumentException(where + "the same sample twice");
      families.get(family).samples().add(sample);
    }
    Map<String, Family> result = new LinkedHashMap<>();
    families.forEach((name, f) -> {
      Family withHelp = new Family(name, f.type(), helps.get(name), List.copyOf(f.samples()));
      if (f.type().equals("histogram")) checkHistogram(withHelp);
      result.put(name, withHelp);
    });
    return result;
  }

  /** The family a sample belongs to: its own name, or its name without a histogram's or summary's suffix. */
  private static String familyOf(String sample, Map<String, Family> families) {
    if (families.containsKey(sample)) return sample;
    for (String suffix : List.of("_bucket", "_sum", "_count", "_created", "_total")) {
      if (sample.endsWith(suffix)) {
        String base = sample.substring(0, sample.length() - suffix.length());
        Family f = families.get(base);
        if (f != null && (suffix.equals("_total") ? f.type().equals("counter") : !f.type().equals("gauge"))) return base;
      }
    }
    return null;
  }

  private static Sample sample(String line, String where) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') i++;
    String name = line.substring(0, i);
    checkName(name, where);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        if (eq < 0) throw new IllegalArgumentException(where + "a label without '='");
        String label = line.substring(i, eq);
        if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*")) throw new IllegalArgumentException(where + "bad label name " + label);
        if (line.charAt(eq + 1) != '"') throw new IllegalArgumentException(where + "a label value without quotes");
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\') {
            char next = line.charAt(++j);
            if (next == 'n') value.append('\n');
            else if (next == '\\' || next == '"') value.append(next);
            else throw new IllegalArgumentException(where + "bad escape \\" + next);
          } else {
            value.append(c);
          }
        }
        if (labels.put(label, value.toString()) != null) throw new IllegalArgumentException(where + "label " + label + " twice");
        i = j + 1;
        if (line.charAt(i) == ',') i++;
        else if (line.charAt(i) != '}') throw new IllegalArgumentException(where + "labels not separated by ','");
      }
      i++;
    }
    if (i >= line.length() || line.charAt(i) != ' ') throw new IllegalArgumentException(where + "no value");
    String[] rest = line.substring(i + 1).trim().split(" +");
    if (rest.length > 2) throw new IllegalArgumentException(where + "more than a value and a timestamp");
    if (rest.length == 2) Long.parseLong(rest[1]);
    return new Sample(name, labels, value(rest[0], where));
  }

  private static double value(String text, String where) {
    switch (text) {
      case "+Inf": return Double.POSITIVE_INFINITY;
      case "-Inf": return Double.NEGATIVE_INFINITY;
      case "NaN": return Double.NaN;
      default:
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(where + "not a number: " + text);
        }
    }
  }

  private static void checkName(String name, String where) {
    if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) throw new IllegalArgumentException(where + "bad metric name '" + name + "'");
  }

  /** Per label set (without le): buckets cumulative, ending with +Inf equal to _count. */
  private static void checkHistogram(Family f) {
    Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
    for (Sample s : f.samples()) {
      if (!s.name().equals(f.name() + "_bucket")) continue;
      if (!s.labels().containsKey("le")) throw new IllegalArgumentException(f.name() + ": a bucket without le");
      Map<String, String> rest = new LinkedHashMap<>(s.labels());
      rest.remove("le");
      buckets.computeIfAbsent(rest, k -> new ArrayList<>()).add(s);
    }
    buckets.forEach((labels, list) -> {
      double previousBound = Double.NEGATIVE_INFINITY;
      double previousCount = 0;
      for (Sample b : list) {
        double bound = value(b.labels().get("le"), f.name() + " le: ");
        if (bound <= previousBound) throw new IllegalArgumentException(f.name() + ": bucket bounds not increasing");
        if (b.value() < previousCount) throw new IllegalArgumentException(f.name() + ": buckets not cumulative");
        previousBound = bound;
        previousCount = b.value();
      }
      if (previousBound != Double.POSITIVE_INFINITY) throw new IllegalArgumentException(f.name() + ": no +Inf bucket");
      Double count = f.value(f.name() + "_count", labels);
      if (count == null || count != previousCount) throw new IllegalArgumentException(f.name() + ": +Inf bucket is not _count");
    });
  }
}
