package io.sluice.connectors.storage.sftp;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How {@link SftpStorage} logs in and behaves, read from a job's {@code sftp { }} block (contract
 * §5) merged over {@code sluice.connectors.sftp}; immutable, {@code withX} methods make copies.
 */
public final class SftpSettings {
  static final String PREFIX = "sftp.";

  private final String user;
  private final String password;
  private final Path privateKey;
  private final Path knownHosts;
  private final boolean strictHostKeyChecking;
  private final int maxConnections;
  private final Duration connectTimeout;
  private final int readRetries;
  private final Duration retryBackoff;

  private SftpSettings(
      String user,
      String password,
      Path privateKey,
      Path knownHosts,
      boolean strictHostKeyChecking,
      int maxConnections,
      Duration connectTimeout,
      int readRetries,
      Duration retryBackoff) {
    this.user = blankToNull(user);
    this.password = password == null || password.isEmpty() ? null : password;
    this.privateKey = privateKey;
    this.knownHosts = Objects.requireNonNull(knownHosts, PREFIX + "known-hosts");
    this.strictHostKeyChecking = strictHostKeyChecking;
    this.maxConnections = maxConnections;
    this.connectTimeout = Objects.requireNonNull(connectTimeout, PREFIX + "connect-timeout");
    this.readRetries = readRetries;
    this.retryBackoff = Objects.requireNonNull(retryBackoff, PREFIX + "retry-backoff");
    validate();
  }

  /**
   * Settings from an {@code sftp { }} block; absent or null keys take the defaults of
   * {@code sluice-sftp.conf}.
   *
   * @throws IllegalArgumentException naming the key, when a value has the wrong type or cannot work
   *     (neither password nor private-key, an unreadable key file, a non-positive pool size)
   */
  public static SftpSettings create(Config block) {
    return new SftpSettings(
        read(block, "user", block::getString, null),
        read(block, "password", block::getString, null),
        read(block, "private-key", key -> expandHome(block.getString(key)), null),
        read(block, "known-hosts", key -> expandHome(block.getString(key)), defaultKnownHosts()),
        read(block, "strict-host-key-checking", block::getBoolean, true),
        read(block, "max-connections", block::getInt, 4),
        read(block, "connect-timeout", block::getDuration, Duration.ofSeconds(10)),
        read(block, "read-retries", block::getInt, 5),
        read(block, "retry-backoff", block::getDuration, Duration.ofMillis(200)));
  }

  private static <T> T read(Config block, String key, Function<String, T> getter, T fallback) {
    try {
      return block.hasPath(key) ? getter.apply(key) : fallback;
    } catch (ConfigException e) {
      // Config's own message names the origin and the expected type, never the value.
      throw new IllegalArgumentException(PREFIX + key + ": " + e.getMessage(), e);
    }
  }

  private void validate() {
    if (password == null && privateKey == null) {
      throw new IllegalArgumentException(
          PREFIX + "password / " + PREFIX + "private-key: neither is set; give one to log in");
    }
    if (privateKey != null && !(Files.isRegularFile(privateKey) && Files.isReadable(privateKey))) {
      throw new IllegalArgumentException(
          PREFIX + "private-key: cannot read the key file '" + privateKey + "'");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException(
          PREFIX + "max-connections: must be at least 1, got " + maxConnections);
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException(
          PREFIX + "connect-timeout: must be positive, got " + connectTimeout);
    }
    if (readRetries < 0) {
      throw new IllegalArgumentException(
          PREFIX + "read-retries: must not be negative, got " + readRetries);
    }
    if (retryBackoff.isNegative()) {
      throw new IllegalArgumentException(
          PREFIX + "retry-backoff: must not be negative, got " + retryBackoff);
    }
  }

  private static Path defaultKnownHosts() {
    return Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
  }

  /** Users write {@code ~/.ssh/id_ed25519} as they would for ssh, which Java does not expand. */
  private static Path expandHome(String path) {
    if (path.equals("~")) return Path.of(System.getProperty("user.home"));
    if (path.startsWith("~/")) return Path.of(System.getProperty("user.home"), path.substring(2));
    return Path.of(path);
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  /** The login name; when absent, the URI's user or else the local user name is used. */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /** The password for password (and keyboard-interactive) authentication. */
  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  /** An unencrypted private key file (OpenSSH, PEM or PuTTY format) for public-key authentication. */
  public Optional<Path> privateKey() {
    return Optional.ofNullable(privateKey);
  }

  /** The OpenSSH {@code known_hosts} file host keys are checked against. */
  public Path knownHosts() {
    return knownHosts;
  }

  /** Whether an unknown or changed host key fails the connection (otherwise it is accepted with a warning). */
  public boolean strictHostKeyChecking() {
    return strictHostKeyChecking;
  }

  /** The most SSH connections open at once to one host and user. */
  public int maxConnections() {
    return maxConnections;
  }

  /** How long opening a TCP connection, the key exchange and each login step may take. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** How many times in a row a broken read reconnects and continues before the read fails. */
  public int readRetries() {
    return readRetries;
  }

  /** The wait before the first reconnect of a read; it doubles with each further one in a row. */
  public Duration retryBackoff() {
    return retryBackoff;
  }

  public SftpSettings withUser(String value) {
    return new SftpSettings(value, password, privateKey, knownHosts, strictHostKeyChecking,
        maxConnections, connectTimeout, readRetries, retryBackoff);
  }

  public SftpSettings withPassword(String value) {
    return new SftpSettings(user, value, privateKey, knownHosts, strictHostKeyChecking,
        maxConnections, connectTimeout, readRetries, retryBackoff);
  }

  public SftpSettings withPrivateKey(Path value) {
    return new SftpSettings(user, password, value, knownHosts, strictHostKeyChecking,
        maxConnections, connectTimeout, readRetries, retryBackoff);
  }

  public SftpSettings withKnownHosts(Path value) {
    return new SftpSettings(user, password, privateKey, value, strictHostKeyChecking,
        maxConnections, connectTimeout, readRetries, retryBackoff);
  }

  public SftpSettings withStrictHostKeyChecking(boolean value) {
    return new SftpSettings(user, password, privateKey, knownHosts, value,
        maxConnections, connectTimeout, readRetries, retryBackoff);
  }

  public SftpSettings withMaxConnections(int value) {
    return new SftpSettings(user, password, privateKey, knownHosts, strictHostKeyChecking,
        value, connectTimeout, readRetries, retryBackoff);
  }

  public SftpSettings withConnectTimeout(Duration value) {
    return new SftpSettings(user, password, privateKey, knownHosts, strictHostKeyChecking,
        maxConnections, value, readRetries, retryBackoff);
  }

  public SftpSettings withReadRetries(int value) {
    return new SftpSettings(user, password, privateKey, knownHosts, strictHostKeyChecking,
        maxConnections, connectTimeout, value, retryBackoff);
  }

  public SftpSettings withRetryBackoff(Duration value) {
    return new SftpSettings(user, password, privateKey, knownHosts, strictHostKeyChecking,
        maxConnections, connectTimeout, readRetries, value);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SftpSettings that
        && Objects.equals(user, that.user)
        && Objects.equals(password, that.password)
        && Objects.equals(privateKey, that.privateKey)
        && knownHosts.equals(that.knownHosts)
        && strictHostKeyChecking == that.strictHostKeyChecking
        && maxConnections == that.maxConnections
        && connectTimeout.equals(that.connectTimeout)
        && readRetries == that.readRetries
        && retryBackoff.equals(that.retryBackoff);
  }

  @Override
  public int hashCode() {
    return Objects.hash(user, password, privateKey, knownHosts, strictHostKeyChecking,
        maxConnections, connectTimeout, readRetries, retryBackoff);
  }

  /** Shows every setting except the password, which appears only as set or not. */
  @Override
  public String toString() {
    return "SftpSettings(user=" + user
        + ", password=" + (password == null ? "<none>" : "***")
        + ", private-key=" + privateKey
        + ", known-hosts=" + knownHosts
        + ", strict-host-key-checking=" + strictHostKeyChecking
        + ", max-connections=" + maxConnections
        + ", connect-timeout=" + connectTimeout
        + ", read-retries=" + readRetries
        + ", retry-backoff=" + retryBackoff + ")";
  }
}
