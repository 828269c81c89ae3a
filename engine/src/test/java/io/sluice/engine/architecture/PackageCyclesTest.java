package io.sluice.engine.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.connectors.storage.Storage;
import io.sluice.engine.CborSerializable;
import io.sluice.engine.testing.ClassFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The packages of the engine and the connectors form layers: no package refers, directly or through others, back to
 * itself. References are read from the compiled classes' constant pools, so a fully qualified name counts as much as
 * an import. A package's {@code impl} is counted as part of it (its internals, as in Pekko Connectors: the API
 * package hands work to them, they read its settings).
 */
class PackageCyclesTest {

  @Test
  void theEngineAndTheConnectorsHaveNoPackageCycle() {
    PackageGraph graph = new PackageGraph();
    for (Path folder : List.of(ClassFiles.folderOf(CborSerializable.class), ClassFiles.folderOf(Storage.class))) {
      for (Path file : ClassFiles.under(folder)) {
        String from = packageOf(ClassFiles.className(folder, file));
        for (String referenced : ClassFiles.referencedClasses(file)) {
          if (referenced.startsWith("io.sluice.")) graph.add(from, packageOf(referenced));
        }
      }
    }
    assertTrue(graph.packages().contains("io.sluice.engine.run") && graph.packages().contains("io.sluice.engine.work"),
        "both modules were read: " + graph.packages());
    List<List<String>> cycles = graph.cycles();
    assertEquals(List.of(), cycles, () -> "package cycles: " + cycles.stream()
        .map(c -> String.join(" -> ", c)).collect(Collectors.joining("; ")));
  }

  @Test
  void theCheckerNamesACycleAndAcceptsLayers() {
    PackageGraph layers = new PackageGraph();
    layers.add("app.api", "app.run");
    layers.add("app.run", "app.work");
    layers.add("app.api", "app.work");
    layers.add("app.work", "app.work");
    assertEquals(List.of(), layers.cycles());

    PackageGraph cyclic = new PackageGraph();
    cyclic.add("app.api", "app.run");
    cyclic.add("app.run", "app.work");
    cyclic.add("app.work", "app.run");
    cyclic.add("app.work", "app.plan");
    cyclic.add("app.plan", "app.model");
    cyclic.add("app.model", "app.plan");
    assertEquals(List.of(List.of("app.model", "app.plan", "app.model"), List.of("app.run", "app.work", "app.run")),
        cyclic.cycles().stream().sorted((a, b) -> a.get(0).compareTo(b.get(0))).toList());

    PackageGraph longer = new PackageGraph();
    longer.add("a", "b");
    longer.add("b", "c");
    longer.add("c", "a");
    assertEquals(List.of(List.of("a", "b", "c", "a")), longer.cycles());
  }

  private static String packageOf(String className) {
    String name = className.substring(0, className.lastIndexOf('.'));
    return name.endsWith(".impl") ? name.substring(0, name.length() - ".impl".length()) : name;
  }
}
