package io.sluice.engine.architecture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Which package refers to which, and the cycles among them. */
final class PackageGraph {
  private final Map<String, Set<String>> edges = new TreeMap<>();

  /** {@code from} refers to {@code to}; a package referring to itself is no edge. */
  void add(String from, String to) {
    edges.computeIfAbsent(from, k -> new TreeSet<>());
    edges.computeIfAbsent(to, k -> new TreeSet<>());
    if (!from.equals(to)) edges.get(from).add(to);
  }

  Set<String> packages() {
    return edges.keySet();
  }

  /**
   * One cycle per group of packages that refer to each other (strongly connected component), each written as a path
   * that comes back to its start, e.g. {@code [a, b, a]}; empty when the packages form layers.
   */
  List<List<String>> cycles() {
    List<List<String>> cycles = new ArrayList<>();
    for (Set<String> component : components()) {
      if (component.size() > 1) cycles.add(cycleThrough(component));
    }
    return cycles;
  }

  /** Tarjan's strongly connected components. */
  private List<Set<String>> components() {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> found = new ArrayList<>();
    int[] counter = {0};
    for (String p : edges.keySet()) if (!index.containsKey(p)) connect(p, index, low, stack, onStack, found, counter);
    return found;
  }

  private void connect(String p, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
      Set<String> onStack, List<Set<String>> found, int[] counter) {
    index.put(p, counter[0]);
    low.put(p, counter[0]++);
    stack.push(p);
    onStack.add(p);
    for (String q : edges.get(p)) {
      if (!index.containsKey(q)) {
        connect(q, index, low, stack, onStack, found, counter);
        low.put(p, Math.min(low.get(p), low.get(q)));
      } else if (onStack.contains(q)) {
        low.put(p, Math.min(low.get(p), index.get(q)));
      }
    }
    if (low.get(p).equals(index.get(p))) {
      Set<String> component = new TreeSet<>();
      String q;
      do {
        q = stack.pop();
        onStack.remove(q);
        component.add(q);
      } while (!q.equals(p));
      found.add(component);
    }
  }

  /** The shortest way from the component's first package back to itself, within the component. */
  private List<String> cycleThrough(Set<String> component) {
    String start = component.iterator().next();
    Map<String, String> cameFrom = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String p = queue.poll();
      for (String q : edges.get(p)) {
        if (!component.contains(q)) continue;
        if (q.equals(start)) {
          List<String> path = new ArrayList<>(List.of(start));
          for (String at = p; !at.equals(start); at = cameFrom.get(at)) path.add(1, at);
          path.add(start);
          return path;
        }
        if (!cameFrom.containsKey(q)) {
          cameFrom.put(q, p);
          queue.add(q);
        }
      }
    }
    throw new IllegalStateException("no cycle through " + component);
  }
}
