package io.sluice.engine.job;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The example job files shipped under src/examples stay valid as the job keys evolve. */
class ExamplesTest {

  @Test
  void everyExampleJobParses() throws Exception {
    Path examples = Path.of("..", "src", "examples");
    List<Path> files;
    try (Stream<Path> s = Files.list(examples)) {
      files = s.filter(p -> p.toString().endsWith(".conf")).toList();
    }
    assertFalse(files.isEmpty());
    for (Path file : files) JobFiles.load(file, List.of());
  }
}
