package io.sluice.engine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * New output folders for the scale runs, deleted once the figures are taken. A timed run that overwrote the folder of
 * an earlier one would time the file system as well: ext4 passes over the inodes freed in the last minute when it makes
 * a file, and with thousands freed that was a fifth of a many-partition run's CPU. Overwriting a folder of thousands
 * of part files written a minute before is not what a nightly run does.
 */
final class FreshOutputs implements AutoCloseable {
  private final Path root;
  private int made;

  FreshOutputs(Path home) throws IOException {
    this.root = Files.createTempDirectory(home, "scale-out-");
  }

  /** A folder no run has written to yet. */
  Path next(String name) {
    return root.resolve(name + "-" + made++);
  }

  /** The {@code --set} that sends a run's output to {@code folder}. */
  static String outputTo(Path folder) {
    return "job.output.uri=" + folder.toUri();
  }

  /** Deletes every folder handed out, after the timing. */
  @Override
  public void close() throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
