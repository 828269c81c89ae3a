package io.sluice.connectors.storage.local;

import io.sluice.connectors.storage.StorageException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Turns {@code file:} URIs into local paths, refusing anything that is not an absolute local file.
 */
final class LocalPaths {
  private LocalPaths() {}

  /** The path part of {@code uri}, decoded; it may hold a glob in its last segment. */
  static String pathText(URI uri) {
    boolean local =
        "file".equalsIgnoreCase(uri.getScheme())
            && (uri.getAuthority() == null || "localhost".equalsIgnoreCase(uri.getAuthority()));
    String path = uri.getPath();
    if (!local || path == null || !path.startsWith("/")) {
      throw new StorageException(
          uri, "not an absolute local file URI (expected file:///absolute/path)");
    }
    return path;
  }

  static Path of(URI uri) {
    return Path.of(pathText(uri));
  }
}
