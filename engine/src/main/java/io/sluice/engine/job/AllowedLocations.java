package io.sluice.engine.job;

import com.typesafe.config.Config;
import io.sluice.connectors.storage.Redaction;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code sluice.security.allowed-locations} (contract §12): the only places whose input, model and
 * output a job submitted through the API (or registered there) may name; empty allows any.
 * {@code file:} locations are compared after resolving symbolic links as far as the path exists
 * and removing {@code .} and {@code ..}, so neither {@code file:///data/../etc} nor a link under
 * {@code /data} that points elsewhere passes {@code file:///data/}. Other locations are compared by
 * scheme, host, port and path prefix on segment boundaries ({@code s3://lake/} does not allow
 * {@code s3://lakehouse/} nor {@code s3://lake/a} {@code s3://lake/ab}). A {@code jdbc:postgresql://} entry allows
 * that one database ({@link AllowedDatabase}).
 */
public final class AllowedLocations {
  /** Where the node's list is configured. */
  public static final String PATH = "sluice.security.allowed-locations";
  private static final int MAX_LINKS = 40;

  private final List<URI> allowed;
  private final List<AllowedDatabase> allowedDatabases;
  private final List<Path> allowedFiles;
  /** The node's S3 endpoint (null: AWS itself): with a list, the only one S3 locations may use. */
  private final String s3Endpoint;

  private AllowedLocations(List<URI> allowed, List<AllowedDatabase> allowedDatabases, String s3Endpoint) {
    this.allowed = allowed;
    this.allowedDatabases = allowedDatabases;
    this.s3Endpoint = s3Endpoint;
    List<Path> files = new ArrayList<>();
    for (URI uri : allowed) {
      if (isFile(uri)) {
        Path real = realPath(Path.of(uri.getPath()), 0);
        if (real != null) files.add(real);
      }
    }
    this.allowedFiles = files;
  }

  /**
   * The node's list.
   *
   * @throws IllegalArgumentException naming the key, for an entry that is not an absolute URI
   */
  public static AllowedLocations of(Config config) {
    List<URI> uris = new ArrayList<>();
    List<AllowedDatabase> databases = new ArrayList<>();
    if (config.hasPath(PATH)) {
      for (String text : config.getStringList(PATH)) {
        if (AllowedDatabase.isDatabase(text.trim())) {
          databases.add(AllowedDatabase.parse(text.trim()).orElseThrow(() -> new IllegalArgumentException(PATH
              + ": a jdbc: entry must name one database: jdbc:postgresql://host[:port]/database")));
          continue;
        }
        URI uri;
        try {
          uri = URI.create(text.trim());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(PATH + ": '" + text + "' is not a URI");
        }
        if (uri.getScheme() == null || uri.getPath() == null || (!isFile(uri) && uri.getHost() == null)) {
          throw new IllegalArgumentException(PATH + ": '" + text + "' must be an absolute location such as "
              + "file:///data/ or s3://bucket/prefix/");
        }
        uris.add(uri);
      }
    }
    String endpoint = config.hasPath("sluice.connectors.s3.endpoint") && !config.getIsNull("sluice.connectors.s3.endpoint")
        ? config.getString("sluice.connectors.s3.endpoint") : null;
    return new AllowedLocations(List.copyOf(uris), List.copyOf(databases), endpoint);
  }

  /** True when any location is allowed (no list configured). */
  public boolean allowsAny() {
    return allowed.isEmpty() && allowedDatabases.isEmpty();
  }

  /**
   * Why {@code job} may not run here: "job.input.uri: 'file:///etc/passwd' is outside
   * sluice.security.allowed-locations", for its first location outside the list; empty when all
   * are inside.
   */
  public Optional<String> refusal(JobSpec job) {
    if (allowsAny()) return Optional.empty();
    if (!allows(job.input().uri())) return Optional.of(outside("job.input.uri", job.input().uri()));
    if (!allows(job.model().uri())) return Optional.of(outside("job.model.uri", job.model().uri()));
    if (!allows(job.output().uri())) return Optional.of(outside("job.output.uri", job.output().uri()));
    for (var location : List.of(
        java.util.Map.entry("job.input", job.input().store()),
        java.util.Map.entry("job.model", job.model().store()),
        java.util.Map.entry("job.output", job.output().store()))) {
      Optional<String> endpoint = otherEndpoint(location.getKey(), location.getValue());
      if (endpoint.isPresent()) return endpoint;
    }
    return Optional.empty();
  }

  /**
   * An S3 location is only where the list says when it is on the node's own endpoint: a job that
   * names another endpoint would read or write a bucket of that name anywhere.
   */
  private Optional<String> otherEndpoint(String location, Config store) {
    if (!store.hasPath("endpoint")) return Optional.empty();
    String endpoint;
    try {
      endpoint = store.getString("endpoint").trim();
    } catch (com.typesafe.config.ConfigException e) {
      return Optional.empty(); // the store names the wrong type itself
    }
    if (endpoint.isEmpty() || (s3Endpoint != null && trimSlash(endpoint).equalsIgnoreCase(trimSlash(s3Endpoint)))) {
      return Optional.empty();
    }
    return Optional.of(location + ".s3.endpoint: only this node's S3 endpoint ("
        + (s3Endpoint == null ? "AWS itself" : s3Endpoint) + ") may be named with " + PATH + " set");
  }

  private static String trimSlash(String s) {
    String t = s;
    while (t.endsWith("/")) t = t.substring(0, t.length() - 1);
    return t;
  }

  private static String outside(String key, URI uri) {
    return key + ": '" + Redaction.uri(uri) + "' is outside " + PATH;
  }

  /** Whether {@code uri} lies inside one of the allowed locations. */
  public boolean allows(URI uri) {
    if (allowsAny()) return true;
    if (uri == null || uri.getScheme() == null) return false;
    if (AllowedDatabase.isDatabase(uri.toString())) {
      return AllowedDatabase.parse(uri.toString()).map(allowedDatabases::contains).orElse(false);
    }
    if (isFile(uri)) {
      Path real;
      try {
        real = uri.getPath() == null ? null : realPath(Path.of(uri.getPath()), 0);
      } catch (InvalidPathException e) {
        return false;
      }
      if (real == null) return false;
      return allowedFiles.stream().anyMatch(real::startsWith);
    }
    return allowed.stream().anyMatch(a -> sameStore(a, uri) && pathInside(uri.getPath(), a.getPath()));
  }

  private static boolean isFile(URI uri) {
    return "file".equalsIgnoreCase(uri.getScheme());
  }

  private static boolean sameStore(URI allowed, URI uri) {
    return allowed.getScheme().equalsIgnoreCase(uri.getScheme())
        && allowed.getHost() != null && uri.getHost() != null
        && allowed.getHost().toLowerCase(Locale.ROOT).equals(uri.getHost().toLowerCase(Locale.ROOT))
        && allowed.getPort() == uri.getPort();
  }

  /** {@code path} (with {@code .} and {@code ..} removed) is {@code prefix} or below it, segment by segment. */
  private static boolean pathInside(String path, String prefix) {
    List<String> p = segments(path);
    List<String> pre = segments(prefix);
    if (p == null || pre == null || p.size() < pre.size()) return false;
    return p.subList(0, pre.size()).equals(pre);
  }

  /** The path's segments with {@code .} and empty ones dropped and {@code ..} applied; null when it climbs above the root. */
  private static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    if (path == null) return out;
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) continue;
      if (segment.equals("..")) {
        if (out.isEmpty()) return null;
        out.remove(out.size() - 1);
      } else {
        out.add(segment);
      }
    }
    return out;
  }

  /**
   * {@code path} with each existing prefix resolved to where its links lead and {@code .} and {@code ..}
   * taken in order, as the system would; null for a link that leads nowhere or too many links.
   */
  static Path realPath(Path path, int links) {
    if (links > MAX_LINKS) return null;
    Path absolute = path.toAbsolutePath();
    Path current = absolute.getRoot();
    for (Path part : absolute) {
      String name = part.toString();
      if (name.equals(".") || name.isEmpty()) continue;
      if (name.equals("..")) {
        if (current.getParent() != null) current = current.getParent();
        continue;
      }
      Path next = current.resolve(name);
      if (Files.isSymbolicLink(next)) {
        Path target;
        try {
          target = Files.readSymbolicLink(next);
        } catch (IOException | UnsupportedOperationException e) {
          return null;
        }
        Path resolved = realPath(current.resolve(target), links + 1);
        if (resolved == null) return null;
        next = resolved;
      }
      current = next;
    }
    return current;
  }
}
