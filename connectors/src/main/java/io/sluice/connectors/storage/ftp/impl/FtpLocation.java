package io.sluice.connectors.storage.ftp.impl;

import io.sluice.connectors.storage.StorageException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * An {@code ftp://} or {@code ftps://} URI taken apart: the server it names and the absolute path
 * on that server (without a trailing slash, except for the root).
 */
public record FtpLocation(URI uri, FtpEndpoint endpoint, String path) {
  private static final int FTP_PORT = 21;
  private static final int IMPLICIT_FTPS_PORT = 990;

  /**
   * The location {@code uri} names; {@code implicitTls} picks the default port of {@code ftps}.
   *
   * @throws StorageException for a URI this store cannot serve
   */
  public static FtpLocation parse(URI uri, boolean implicitTls) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("ftp") && !scheme.equals("ftps")) {
      throw new StorageException(uri, "not an ftp:// or ftps:// URI");
    }
    if (uri.getRawUserInfo() != null) {
      // A password in a URI would travel into listings, manifests and logs.
      throw new StorageException(uri, "credentials do not belong in the URI; set ftp.user and ftp.password");
    }
    if (uri.getHost() == null) {
      throw new StorageException(uri, "no host (expected " + scheme + "://host[:port]/absolute/path)");
    }
    int defaultPort = scheme.equals("ftps") && implicitTls ? IMPLICIT_FTPS_PORT : FTP_PORT;
    int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
    String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
    while (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
    FtpEndpoint endpoint = new FtpEndpoint(scheme, uri.getHost().toLowerCase(Locale.ROOT), port);
    return new FtpLocation(uri, endpoint, path);
  }

  /** The directory holding this path ({@code /} for the root and its children). */
  public String parent() {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  /** The last segment of the path; empty for the root. */
  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The canonical URI of {@code otherPath} on the same server: {@code scheme://host:port/path}. */
  public URI uriOf(String otherPath) {
    try {
      return new URI(endpoint.scheme(), null, endpoint.host(), endpoint.port(), otherPath, null, null);
    } catch (URISyntaxException e) {
      throw new StorageException(uri, "cannot make a URI for " + otherPath + ": " + e.getMessage(), e);
    }
  }

  /** {@code child} inside the directory {@code directory}. */
  public static String join(String directory, String child) {
    return directory.endsWith("/") ? directory + child : directory + "/" + child;
  }
}
