package io.sluice.engine.job;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * One PostgreSQL database as {@code sluice.security.allowed-locations} names it, {@code jdbc:postgresql://host[:port]/database},
 * and the test of a job's location against it. A database is compared whole: host (case aside), port (5432 when
 * not written) and database name, and the driver parameters after {@code ?} exactly as the entry writes them —
 * a parameter is configuration of the driver on this node (a socket or SSL factory class, a key file), not data a
 * submitted job may choose.
 */
record AllowedDatabase(String host, int port, String database, String parameters) {
  private static final String PREFIX = "jdbc:postgresql://";
  private static final int DEFAULT_PORT = 5432;

  /** The database {@code text} names, or empty when it is not one plain {@code jdbc:postgresql://} location. */
  static Optional<AllowedDatabase> parse(String text) {
    if (text == null || !text.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) return Optional.empty();
    URI uri;
    try {
      uri = new URI("postgresql://" + text.substring(PREFIX.length()));
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
    // Several hosts ("h1,h2") leave no host here; user info and fragments are not PostgreSQL's syntax.
    if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) return Optional.empty();
    String path = uri.getPath();
    if (path == null || !path.startsWith("/") || path.length() < 2 || path.indexOf('/', 1) >= 0) return Optional.empty();
    int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
    String parameters = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    return Optional.of(new AllowedDatabase(uri.getHost().toLowerCase(Locale.ROOT), port, path.substring(1), parameters));
  }

  static boolean isDatabase(String text) {
    return text != null && text.regionMatches(true, 0, "jdbc:", 0, 5);
  }
}
