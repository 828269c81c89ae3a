package io.sluice.connectors.storage.local;

import io.sluice.connectors.storage.StoredObject;
import io.sluice.connectors.storage.TemporaryNames;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/** Lists what a local location names: one file, a directory tree, or a glob over one directory. */
final class LocalListing {
  private static final Comparator<StoredObject> BY_URI =
      Comparator.comparing(o -> o.uri().toString());

  private LocalListing() {}

  /** The files at {@code pathText}, sorted by URI; empty when nothing is there. */
  static List<StoredObject> list(String pathText) throws IOException {
    Path literal = Path.of(pathText);
    List<StoredObject> found = new ArrayList<>();
    if (Files.isRegularFile(literal)) {
      found.add(new StoredObject(literal.toUri(), Files.size(literal)));
    } else if (Files.isDirectory(literal)) {
      walk(literal, found);
    } else if (isGlob(literal.getFileName())) {
      matchGlob(literal.getParent(), literal.getFileName().toString(), found);
    }
    found.sort(BY_URI);
    return found;
  }

  /** The temporary files writes left directly in {@code folder}, sorted by URI; never through a symbolic link. */
  static List<StoredObject> leftovers(Path folder) throws IOException {
    List<StoredObject> found = new ArrayList<>();
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) return found;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        if (TemporaryNames.targetOf(entry.getFileName().toString()).isPresent()
            && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
          found.add(new StoredObject(entry.toUri(), Files.size(entry)));
        }
      }
    }
    found.sort(BY_URI);
    return found;
  }

  private static boolean isGlob(Path name) {
    return name != null && name.toString().chars().anyMatch(c -> "*?[{".indexOf(c) >= 0);
  }

  /**
   * Spark and Hadoop treat these as bookkeeping (_SUCCESS, _errors/, .crc, temp files), not data.
   */
  private static boolean hidden(Path name) {
    String text = name.toString();
    return text.startsWith(".") || text.startsWith("_");
  }

  private static void matchGlob(Path directory, String pattern, List<StoredObject> found)
      throws IOException {
    if (directory == null || !Files.isDirectory(directory)) return;
    PathMatcher matcher = directory.getFileSystem().getPathMatcher("glob:" + pattern);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        Path name = entry.getFileName();
        if (hidden(name) || !matcher.matches(name)) continue;
        if (Files.isDirectory(entry)) {
          walk(entry, found);
        } else if (Files.isRegularFile(entry)) {
          found.add(new StoredObject(entry.toUri(), Files.size(entry)));
        }
      }
    }
  }

  private static void walk(Path root, List<StoredObject> found) throws IOException {
    Files.walkFileTree(
        root,
        EnumSet.of(FileVisitOption.FOLLOW_LINKS),
        Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            return !dir.equals(root) && hidden(dir.getFileName())
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && !hidden(file.getFileName())) {
              found.add(new StoredObject(file.toUri(), attrs.size()));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            // A symbolic link back up the tree would otherwise be walked forever.
            if (e instanceof FileSystemLoopException) return FileVisitResult.CONTINUE;
            throw e;
          }
        });
  }
}
