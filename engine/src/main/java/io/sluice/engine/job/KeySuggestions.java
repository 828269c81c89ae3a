package io.sluice.engine.job;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Finds the known key closest to a mistyped one, for "did you mean" hints. */
public final class KeySuggestions {
  private KeySuggestions() {}

  /** " (did you mean job.input.features?)", or "" when no known key is close. */
  static String didYouMean(String key, Config known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String path : leafPaths(known.root(), "", new ArrayList<>())) {
      int d = distance(key, path);
      if (d < bestDistance) {
        bestDistance = d;
        best = path;
      }
    }
    return best != null && bestDistance <= Math.max(2, key.length() / 5) ? " (did you mean " + best + "?)" : "";
  }

  /**
   * The candidate closest to {@code word} when it could be what was meant: a typo of it (a few
   * edits away) or a longer or shorter form of it ({@code tenure} for {@code tenure_months}); else null.
   */
  public static String closest(String word, Iterable<String> candidates) {
    String lower = word.toLowerCase(java.util.Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      String other = candidate.toLowerCase(java.util.Locale.ROOT);
      int d = distance(lower, other);
      boolean plausible = d <= Math.max(2, word.length() / 3) || (!lower.isEmpty() && (other.startsWith(lower) || lower.startsWith(other)));
      if (plausible && d < bestDistance && !other.isEmpty()) {
        bestDistance = d;
        best = candidate;
      }
    }
    return best;
  }

  /** Walks the tree itself because Config.entrySet() leaves out null values: the optional keys. */
  private static List<String> leafPaths(ConfigObject object, String prefix, List<String> into) {
    for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
      String path = prefix + e.getKey();
      if (e.getValue() instanceof ConfigObject child) leafPaths(child, path + ".", into);
      else into.add(path);
    }
    return into;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
