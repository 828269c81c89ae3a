package io.sluice.connectors.storage.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The back door of a store whose server keeps its files in a local folder: put and look there directly. */
public final class DiskBackDoor {
  private final Path root;

  public DiskBackDoor(Path root) {
    this.root = root;
  }

  public void put(String relative, byte[] content) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, content);
  }

  public List<String> names(String relativeDir) throws IOException {
    Path dir = root.resolve(relativeDir);
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile)
          .map(f -> root.relativize(f).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }
}
