package io.sluice.connectors.storage.s3;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.connectors.storage.config.SettingsReader;
import io.sluice.connectors.storage.read.ReadRetries;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

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
  private final ReadRetries retries;

  private S3Settings(
      URI endpoint,
      String region,
      boolean pathStyleAccess,
      String accessKeyId,
      String secretAccessKey,
      ReadRetries retries) {
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      String missing = accessKeyId == null ? "access-key-id" : "secret-access-key";
      String given = accessKeyId == null ? "secret-access-key" : "access-key-id";
      throw new IllegalArgumentException(
          PREFIX + missing + ": set together with " + PREFIX + given + " (or leave both unset for the AWS default credentials chain)");
    }
    this.endpoint = endpoint;
    this.region = region;
    this.pathStyleAccess = pathStyleAccess;
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.retries = retries;
  }

  /** The defaults of the module's {@code reference.conf}: AWS S3 with the default region and credential chains. */
  public static S3Settings defaults() {
    return create(ConfigFactory.empty());
  }

  /**
   * Settings from a job's {@code s3 { }} block (usually already merged over {@code
   * sluice.connectors.s3}); absent or {@code null} keys take the defaults of {@code reference.conf}.
   *
   * @throws IllegalArgumentException naming the key, for a value that cannot work
   */
  public static S3Settings create(Config block) {
    SettingsReader reader = SettingsReader.of("s3", block);
    return new S3Settings(
        reader.text("endpoint").map(S3Settings::parseEndpoint).orElse(null),
        reader.text("region").map(S3Settings::parseRegion).orElse(null),
        reader.flag("path-style-access"),
        reader.text("access-key-id").orElse(null),
        reader.text("secret-access-key").orElse(null),
        reader.readRetries());
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

  /** How reads (and requests) are retried: the rule of {@link io.sluice.connectors.storage.read.ResumableRead}. */
  public ReadRetries retries() {
    return retries;
  }

  /** How many times a read (or a request) is retried after failures without progress. */
  public int readRetries() {
    return retries.retries();
  }

  /** The pause before the first retry; it doubles for each further one. */
  public Duration retryBackoff() {
    return retries.minBackoff();
  }

  /** A copy with another endpoint URL ({@code null} for AWS S3). */
  public S3Settings withEndpoint(String endpointUrl) {
    String value = endpointUrl == null || endpointUrl.isBlank() ? null : endpointUrl.trim();
    return new S3Settings(value == null ? null : parseEndpoint(value), region, pathStyleAccess, accessKeyId, secretAccessKey, retries);
  }

  /** A copy with another region ({@code null} to take it from the environment). */
  public S3Settings withRegion(String newRegion) {
    String value = newRegion == null || newRegion.isBlank() ? null : newRegion.trim();
    return new S3Settings(endpoint, value == null ? null : parseRegion(value), pathStyleAccess, accessKeyId, secretAccessKey, retries);
  }

  /** A copy with path-style access on or off. */
  public S3Settings withPathStyleAccess(boolean enabled) {
    return new S3Settings(endpoint, region, enabled, accessKeyId, secretAccessKey, retries);
  }

  /** A copy with static credentials (both {@code null} for the AWS default chain). */
  public S3Settings withCredentials(String newAccessKeyId, String newSecretAccessKey) {
    return new S3Settings(endpoint, region, pathStyleAccess, blankToNull(newAccessKeyId), blankToNull(newSecretAccessKey), retries);
  }

  /** A copy with another read rule. */
  public S3Settings withRetries(ReadRetries newRetries) {
    return new S3Settings(endpoint, region, pathStyleAccess, accessKeyId, secretAccessKey, newRetries);
  }

  /** A copy with another number of read retries. */
  public S3Settings withReadRetries(int count) {
    return withRetries(new ReadRetries(count, retries.minBackoff(), retries.maxBackoff(), retries.randomFactor()));
  }

  /** A copy with another first retry pause (the longest pause grows to it if it was shorter). */
  public S3Settings withRetryBackoff(Duration backoff) {
    Duration max = backoff.compareTo(retries.maxBackoff()) > 0 ? backoff : retries.maxBackoff();
    return withRetries(new ReadRetries(retries.retries(), backoff, max, retries.randomFactor()));
  }

  private static URI parseEndpoint(String value) {
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

  private static String parseRegion(String value) {
    if (!value.matches("[a-z0-9-]+")) {
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
        && Objects.equals(endpoint, that.endpoint)
        && Objects.equals(region, that.region)
        && Objects.equals(accessKeyId, that.accessKeyId)
        && Objects.equals(secretAccessKey, that.secretAccessKey)
        && retries.equals(that.retries);
  }

  @Override
  public int hashCode() {
    return Objects.hash(endpoint, region, pathStyleAccess, accessKeyId, secretAccessKey, retries);
  }

  @Override
  public String toString() {
    return "S3Settings(endpoint=" + (endpoint == null ? "<aws>" : endpoint)
        + ", region=" + (region == null ? "<default chain>" : region)
        + ", pathStyleAccess=" + pathStyleAccess
        + ", credentials=" + (accessKeyId == null ? "<default chain>" : "static " + accessKeyId + "/<redacted>")
        + ", retries=" + retries + ")";
  }
}
