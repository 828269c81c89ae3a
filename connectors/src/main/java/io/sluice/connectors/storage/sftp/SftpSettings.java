package io.sluice.connectors.storage.sftp;

import com.typesafe.config.Config;
import io.sluice.connectors.storage.config.SettingsReader;
import io.sluice.connectors.storage.read.ReadRetries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

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
  private final ReadRetries retries;

  private SftpSettings(
      String user,
      String password,
      Path privateKey,
      Path knownHosts,
      boolean strictHostKeyChecking,
      int maxConnections,
      Duration connectTimeout,
      ReadRetries retries) {
    this.user = blankToNull(user);
    this.password = password == null || password.isEmpty() ? null : password;
    this.privateKey = privateKey;
    this.knownHosts = Objects.requireNonNull(knownHosts, PREFIX + "known-hosts");
    this.strictHostKeyChecking = strictHostKeyChecking;
    this.maxConnections = maxConnections;
    this.connectTimeout = Objects.requireNonNull(connectTimeout, PREFIX + "connect-timeout");
    this.retries = Objects.requireNonNull(retries, PREFIX + "read-retries");
    validate();
  }

  /**
   * Settings from an {@code sftp { }} block; absent or null keys take the defaults of the module's
   * {@code reference.conf}.
   *
   * @throws IllegalArgumentException naming the key, when a value has the wrong type or cannot work
   *     (neither password nor private-key, an unreadable key file, a non-positive pool size)
   */
  public static SftpSettings create(Config block) {
    SettingsReader reader = SettingsReader.of("sftp", block);
    return new SftpSettings(
        reader.text("user").orElse(null),
        reader.rawText("password").orElse(null),
        reader.path("private-key").orElse(null),
        reader.path("known-hosts").orElseThrow(() -> reader.problem("known-hosts", "must be set")),
        reader.flag("strict-host-key-checking"),
        reader.count("max-connections", 1),
        reader.duration("connect-timeout", false),
        reader.readRetries());
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

  /** How a broken read is resumed: the rule of {@link io.sluice.connectors.storage.read.ResumableRead}. */
  public ReadRetries retries() {
    return retries;
  }

  /** How many times in a row without progress a broken read reconnects before the read fails. */
  public int readRetries() {
    return retries.retries();
  }

  /** The wait before the first reconnect of a read; it doubles with each further one in a row. */
  public Duration retryBackoff() {
    return retries.minBackoff();
  }

  public SftpSettings withUser(String value) {
    return new SftpSettings(value, password, privateKey, knownHosts, strictHostKeyChecking,
        maxConnections, connectTimeout, retries);
  }

  public SftpSettings withPassword(String value) {
    return new SftpSettings(user, value, privateKey, knownHosts, strictHostKeyChecking,
        maxConnections, connectTimeout, retries);
  }

  public SftpSettings withPrivateKey(Path value) {
    return new SftpSettings(user, password, value, knownHosts, strictHostKeyChecking,
        maxConnections, connectTimeout, retries);
  }

  public SftpSettings withKnownHosts(Path value) {
    return new SftpSettings(user, password, privateKey, value, strictHostKeyChecking,
        maxConnections, connectTimeout, retries);
  }

  public SftpSettings withStrictHostKeyChecking(boolean value) {
    return new SftpSettings(user, password, privateKey, knownHosts, value,
        maxConnections, connectTimeout, retries);
  }

  public SftpSettings withMaxConnections(int value) {
    return new SftpSettings(user, password, privateKey, knownHosts, strictHostKeyChecking,
        value, connectTimeout, retries);
  }

  public SftpSettings withConnectTimeout(Duration value) {
    return new SftpSettings(user, password, privateKey, knownHosts, strictHostKeyChecking,
        maxConnections, value, retries);
  }

  public SftpSettings withRetries(ReadRetries value) {
    return new SftpSettings(user, password, privateKey, knownHosts, strictHostKeyChecking,
        maxConnections, connectTimeout, value);
  }

  public SftpSettings withReadRetries(int value) {
    return withRetries(new ReadRetries(value, retries.minBackoff(), retries.maxBackoff(), retries.randomFactor()));
  }

  /** Another first wait (the longest wait grows to it if it was shorter). */
  public SftpSettings withRetryBackoff(Duration value) {
    Duration max = value.compareTo(retries.maxBackoff()) > 0 ? value : retries.maxBackoff();
    return withRetries(new ReadRetries(retries.retries(), value, max, retries.randomFactor()));
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
        && retries.equals(that.retries);
  }

  @Override
  public int hashCode() {
    return Objects.hash(user, password, privateKey, knownHosts, strictHostKeyChecking,
        maxConnections, connectTimeout, retries);
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
        + ", retries=" + retries + ")";
  }
}
