package io.sluice.connectors.storage.s3;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How to reach one S3 or S3-compatible store (a job's {@code s3 { }} block): endpoint, region,
 * credentials, and how hard to retry reads; the secret key never shows in {@link #toString()}.
 */
public final class S3Settings {
  private static final String PREFIX = "s3.";

  private final URI endpoint;
  private final String region;
  private final boolean pathStyleAccess;
  private final String accessKeyId;
  private final String secretAccessKey;
  private final int maxConnections;
  private final int readRetries;
  private final Duration retryBackoff;

  private S3Settings(
      URI endpoint,
      String region,
      boolean pathStyleAccess,
      String accessKeyId,
      String secretAccessKey,
      int maxConnections,
      int readRetries,
      Duration retryBackoff) {
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      String missing = accessKeyId == null ? "access-key-id" : "secret-access-key";
      String given = accessKeyId == null ? "secret-access-key" : "access-key-id";
      throw new IllegalArgumentException(
          PREFIX + missing + ": set together with " + PREFIX + given + " (or leave both unset for the AWS default credentials chain)");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException(PREFIX + "max-connections: must be at least 1, got " + maxConnections);
    }
    if (readRetries < 0) {
      throw new IllegalArgumentException(PREFIX + "read-retries: must not be negative, got " + readRetries);
    }
    if (retryBackoff == null || retryBackoff.isNegative() || retryBackoff.isZero()) {
      throw new IllegalArgumentException(PREFIX + "retry-backoff: must be a positive duration, got " + retryBackoff);
    }
    this.endpoint = endpoint;
    this.region = region;
    this.pathStyleAccess = pathStyleAccess;
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.maxConnections = maxConnections;
    this.readRetries = readRetries;
    this.retryBackoff = retryBackoff;
  }

  /** AWS S3 with the default region and credential chains, 8 connections, 5 read retries from 200 ms. */
  public static S3Settings defaults() {
    return new S3Settings(null, null, false, null, null, 8, 5, Duration.ofMillis(200));
  }

  /**
   * Settings from a job's {@code s3 { }} block (usually already merged over {@code
   * sluice.connectors.s3}); absent or {@code null} keys keep their defaults.
   *
   * @throws IllegalArgumentException naming the key, for a value that cannot work
   */
  public static S3Settings create(Config block) {
    S3Settings d = defaults();
    return new S3Settings(
        read(block, "endpoint", c -> parseEndpoint(c.getString("endpoint")), d.endpoint),
        read(block, "region", c -> parseRegion(c.getString("region")), d.region),
        read(block, "path-style-access", c -> c.getBoolean("path-style-access"), d.pathStyleAccess),
        read(block, "access-key-id", c -> blankToNull(c.getString("access-key-id")), d.accessKeyId),
        read(block, "secret-access-key", c -> blankToNull(c.getString("secret-access-key")), d.secretAccessKey),
        read(block, "max-connections", c -> c.getInt("max-connections"), d.maxConnections),
        read(block, "read-retries", c -> c.getInt("read-retries"), d.readRetries),
        read(block, "retry-backoff", c -> c.getDuration("retry-backoff"), d.retryBackoff));
  }

  /** The URL of an S3-compatible store; empty for AWS S3 itself. */
  public Optional<URI> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  /** The region requests are signed for; empty to take it from the AWS environment, else us-east-1. */
  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  /** Whether buckets are addressed as {@code endpoint/bucket/key} rather than {@code bucket.endpoint/key}. */
  public boolean pathStyleAccess() {
    return pathStyleAccess;
  }

  /** The static access key id; empty to use the AWS default credentials chain. */
  public Optional<String> accessKeyId() {
    return Optional.ofNullable(accessKeyId);
  }

  /** The static secret key, present exactly when {@link #accessKeyId()} is. */
  public Optional<String> secretAccessKey() {
    return Optional.ofNullable(secretAccessKey);
  }

  /** How many connections the store should get at once. */
  public int maxConnections() {
    return maxConnections;
  }

  /** How many times a read (or a request) is retried after a failure without progress. */
  public int readRetries() {
    return readRetries;
  }

  /** The pause before the first retry; it doubles for each further one. */
  public Duration retryBackoff() {
    return retryBackoff;
  }

  /** A copy with another endpoint URL ({@code null} for AWS S3). */
  public S3Settings withEndpoint(String endpointUrl) {
    return new S3Settings(parseEndpoint(endpointUrl), region, pathStyleAccess, accessKeyId, secretAccessKey, maxConnections, readRetries, retryBackoff);
  }

  /** A copy with another region ({@code null} to take it from the environment). */
  public S3Settings withRegion(String newRegion) {
    return new S3Settings(endpoint, parseRegion(newRegion), pathStyleAccess, accessKeyId, secretAccessKey, maxConnections, readRetries, retryBackoff);
  }

  /** A copy with path-style access on or off. */
  public S3Settings withPathStyleAccess(boolean enabled) {
    return new S3Settings(endpoint, region, enabled, accessKeyId, secretAccessKey, maxConnections, readRetries, retryBackoff);
  }

  /** A copy with static credentials (both {@code null} for the AWS default chain). */
  public S3Settings withCredentials(String newAccessKeyId, String newSecretAccessKey) {
    return new S3Settings(endpoint, region, pathStyleAccess, blankToNull(newAccessKeyId), blankToNull(newSecretAccessKey), maxConnections, readRetries, retryBackoff);
  }

  /** A copy with another connection limit. */
  public S3Settings withMaxConnections(int connections) {
    return new S3Settings(endpoint, region, pathStyleAccess, accessKeyId, secretAccessKey, connections, readRetries, retryBackoff);
  }

  /** A copy with another number of read retries. */
  public S3Settings withReadRetries(int retries) {
    return new S3Settings(endpoint, region, pathStyleAccess, accessKeyId, secretAccessKey, maxConnections, retries, retryBackoff);
  }

  /** A copy with another first retry pause. */
  public S3Settings withRetryBackoff(Duration backoff) {
    return new S3Settings(endpoint, region, pathStyleAccess, accessKeyId, secretAccessKey, maxConnections, readRetries, backoff);
  }

  private static <T> T read(Config block, String key, Function<Config, T> value, T fallback) {
    if (!block.hasPath(key)) return fallback;
    try {
      return value.apply(block);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(PREFIX + key + ": " + withoutOrigin(e), e);
    }
  }

  /** Typesafe Config's messages start with the file and line, which says nothing about a job's block. */
  private static String withoutOrigin(ConfigException e) {
    String message = e.getMessage();
    int colon = message.indexOf(": ");
    return e.origin() != null && colon >= 0 ? message.substring(colon + 2) : message;
  }

  private static URI parseEndpoint(String text) {
    String value = blankToNull(text);
    if (value == null) return null;
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) return uri;
    } catch (URISyntaxException e) {
      // reported below, with the key
    }
    throw new IllegalArgumentException(
        PREFIX + "endpoint: '" + value + "' is not a URL (expected http://host:port or https://host)");
  }

  private static String parseRegion(String text) {
    String value = blankToNull(text);
    if (value != null && !value.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException(PREFIX + "region: '" + value + "' is not a region name (such as eu-west-1)");
    }
    return value;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.trim();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof S3Settings that
        && pathStyleAccess == that.pathStyleAccess
        && maxConnections == that.maxConnections
        && readRetries == that.readRetries
        && Objects.equals(endpoint, that.endpoint)
        && Objects.equals(region, that.region)
        && Objects.equals(accessKeyId, that.accessKeyId)
        && Objects.equals(secretAccessKey, that.secretAccessKey)
        && retryBackoff.equals(that.retryBackoff);
  }

  @Override
  public int hashCode() {
    return Objects.hash(endpoint, region, pathStyleAccess, accessKeyId, secretAccessKey, maxConnections, readRetries, retryBackoff);
  }

  @Override
  public String toString() {
    return "S3Settings(endpoint=" + (endpoint == null ? "<aws>" : endpoint)
        + ", region=" + (region == null ? "<default chain>" : region)
        + ", pathStyleAccess=" + pathStyleAccess
        + ", credentials=" + (accessKeyId == null ? "<default chain>" : "static " + accessKeyId + "/<redacted>")
        + ", maxConnections=" + maxConnections
        + ", readRetries=" + readRetries
        + ", retryBackoff=" + retryBackoff.toMillis() + "ms)";
  }
}
