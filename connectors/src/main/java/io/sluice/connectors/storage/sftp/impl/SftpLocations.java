package io.sluice.connectors.storage.sftp.impl;

import io.sluice.connectors.storage.StorageException;
import java.net.URI;
import java.net.URISyntaxException;

/** Internal API: turns {@code sftp://} URIs into server paths and back. */
public final class SftpLocations {
  private SftpLocations() {}

  /** The absolute server path of {@code uri}, decoded, without a trailing slash (except for {@code /}). */
  public static String path(URI uri) {
    if (!"sftp".equalsIgnoreCase(uri.getScheme())) {
      throw new StorageException(uri, "not an sftp:// URI");
    }
    String path = uri.getPath();
    if (path == null || path.isEmpty()) return "/";
    if (!path.startsWith("/")) {
      throw new StorageException(uri, "the path must be absolute (sftp://host[:port]/absolute/path)");
    }
    while (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
    return path;
  }

  /** The directory holding {@code path}. */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  /** The last segment of {@code path}. */
  public static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** {@code directory/name}, without doubling the slash of the root. */
  public static String child(String directory, String name) {
    return directory.endsWith("/") ? directory + name : directory + "/" + name;
  }

  /** The user named in the URI, never its password; null when there is none. */
  static String userName(URI uri) {
    String userInfo = uri.getUserInfo();
    if (userInfo == null || userInfo.isEmpty()) return null;
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    return user.isEmpty() ? null : user;
  }

  /**
   * The URI of {@code path} on the server of {@code location}; it keeps the location's user name
   * (so that a read logs in as the listing did) but never a password.
   */
  public static URI uriOf(URI location, String path) {
    try {
      return new URI("sftp", userName(location), location.getHost(), location.getPort(), path, null, null);
    } catch (URISyntaxException e) {
      throw new StorageException(location, "cannot form a URI for '" + path + "': " + e.getMessage(), e);
    }
  }

  /** Whether a name holds glob characters ({@code * ? [ {}). */
  public static boolean isGlob(String name) {
    return name.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0);
  }

  /** Spark and Hadoop treat these as bookkeeping (_SUCCESS, _errors/, temp files), not data. */
  public static boolean hidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }
}
