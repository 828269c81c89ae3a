package io.sluice.connectors.storage.s3.impl;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Optional;

/**
 * What listing one location asks S3 for, and which returned keys it keeps: a directory prefix
 * (ending in {@code /}, or the bucket root), a key that is either one object or a directory, or a
 * glob over the last segment.
 */
public final class ListingPlan {
  private final String directory;
  private final String exactKey;
  private final PathMatcher glob;
  private final String listPrefix;

  private ListingPlan(String directory, String exactKey, PathMatcher glob, String listPrefix) {
    this.directory = directory;
    this.exactKey = exactKey;
    this.glob = glob;
    this.listPrefix = listPrefix;
  }

  /** The plan for {@code key} (no leading slash; empty for the whole bucket). */
  public static ListingPlan of(String key) {
    int slash = key.lastIndexOf('/');
    String directory = key.substring(0, slash + 1);
    String lastSegment = key.substring(slash + 1);
    if (lastSegment.isEmpty()) {
      return new ListingPlan(directory, null, null, directory);
    }
    int meta = firstGlobCharacter(lastSegment);
    if (meta >= 0) {
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + lastSegment);
      // Only keys starting with the glob's literal head can match: let S3 skip the rest.
      return new ListingPlan(directory, null, matcher, directory + lastSegment.substring(0, meta));
    }
    return new ListingPlan(key + "/", key, null, key + "/");
  }

  /** A key to look up first as one object; if it is not there, the key is listed as a directory. */
  public Optional<String> exactKey() {
    return Optional.ofNullable(exactKey);
  }

  /** The prefix to list (recursively, without a delimiter). */
  public String listPrefix() {
    return listPrefix;
  }

  /**
   * Whether a listed key belongs to the location: below the directory, not a folder marker, no
   * segment below the directory hidden (starting with {@code .} or {@code _}, as Spark and Hadoop
   * keep their bookkeeping), and for a glob its first segment below the directory matching.
   */
  public boolean keeps(String key) {
    if (!key.startsWith(directory) || key.endsWith("/")) return false;
    String relative = key.substring(directory.length());
    String[] segments = relative.split("/");
    for (String segment : segments) {
      if (segment.isEmpty() || segment.startsWith(".") || segment.startsWith("_")) return false;
    }
    return glob == null || glob.matches(Path.of(segments[0]));
  }

  private static int firstGlobCharacter(String segment) {
    for (int i = 0; i < segment.length(); i++) {
      if ("*?[{".indexOf(segment.charAt(i)) >= 0) return i;
    }
    return -1;
  }
}
