package io.sluice.connectors.storage.ftp;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How an {@link FtpStorage} connects and logs in: credentials, passive mode, TLS, the connection
 * pool and read retries; immutable, read from a job's {@code ftp { }} block.
 */
public final class FtpSettings {
  private final String user;
  private final String password;
  private final boolean passive;
  private final boolean implicitTls;
  private final int maxConnections;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final int readRetries;
  private final Duration retryBackoff;
  private final Optional<Path> trustStore;
  private final String trustStorePassword;

  private FtpSettings(
      String user,
      String password,
      boolean passive,
      boolean implicitTls,
      int maxConnections,
      Duration connectTimeout,
      Duration readTimeout,
      int readRetries,
      Duration retryBackoff,
      Optional<Path> trustStore,
      String trustStorePassword) {
    this.user = require("user", user, !user.isBlank(), "must not be empty");
    this.password = password;
    this.passive = passive;
    this.implicitTls = implicitTls;
    this.maxConnections =
        require("max-connections", maxConnections, maxConnections >= 1, "must be at least 1");
    this.connectTimeout = positive("connect-timeout", connectTimeout);
    this.readTimeout = positive("read-timeout", readTimeout);
    this.readRetries = require("read-retries", readRetries, readRetries >= 0, "must not be negative");
    this.retryBackoff =
        require("retry-backoff", retryBackoff, !retryBackoff.isNegative(), "must not be negative");
    trustStore.ifPresent(
        path -> require("trust-store", path, Files.isReadable(path), "is not a readable file"));
    this.trustStore = trustStore;
    this.trustStorePassword = trustStorePassword;
  }

  /** The defaults of {@code sluice.connectors.ftp}: anonymous, passive, four connections per host. */
  public static FtpSettings defaults() {
    return new FtpSettings(
        "anonymous",
        "",
        true,
        false,
        4,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        5,
        Duration.ofMillis(200),
        Optional.empty(),
        "");
  }

  /**
   * Settings from an {@code ftp { }} block (usually the job's block over {@code
   * sluice.connectors.ftp}); absent or null keys keep their defaults.
   *
   * @throws IllegalArgumentException naming the key, for a value of the wrong type or range
   */
  public static FtpSettings create(Config block) {
    FtpSettings d = defaults();
    return new FtpSettings(
        read(block, "user", () -> block.getString("user"), d.user),
        read(block, "password", () -> block.getString("password"), d.password),
        read(block, "passive", () -> block.getBoolean("passive"), d.passive),
        read(block, "implicit-tls", () -> block.getBoolean("implicit-tls"), d.implicitTls),
        read(block, "max-connections", () -> block.getInt("max-connections"), d.maxConnections),
        read(block, "connect-timeout", () -> block.getDuration("connect-timeout"), d.connectTimeout),
        read(block, "read-timeout", () -> block.getDuration("read-timeout"), d.readTimeout),
        read(block, "read-retries", () -> block.getInt("read-retries"), d.readRetries),
        read(block, "retry-backoff", () -> block.getDuration("retry-backoff"), d.retryBackoff),
        read(block, "trust-store", () -> trustStorePath(block), d.trustStore),
        read(
            block,
            "trust-store-password",
            () -> block.getString("trust-store-password"),
            d.trustStorePassword));
  }

  private static Optional<Path> trustStorePath(Config block) {
    String text = block.getString("trust-store");
    return text.isBlank() ? Optional.empty() : Optional.of(Path.of(text));
  }

  private static <T> T read(Config block, String key, Supplier<T> value, T fallback) {
    try {
      return block.hasPath(key) ? value.get() : fallback;
    } catch (ConfigException | IllegalArgumentException e) {
      throw new IllegalArgumentException("ftp setting '" + key + "' is invalid: " + e.getMessage(), e);
    }
  }

  private static <T> T require(String key, T value, boolean valid, String rule) {
    if (!valid) {
      throw new IllegalArgumentException("ftp setting '" + key + "' " + rule + " (got " + value + ")");
    }
    return value;
  }

  private static Duration positive(String key, Duration value) {
    return require(key, value, !value.isNegative() && !value.isZero(), "must be positive");
  }

  /** The user to log in as. */
  public String user() {
    return user;
  }

  /** The password; empty when none. Never logged. */
  public String password() {
    return password;
  }

  /** Whether data connections are passive (opened by the client). */
  public boolean passive() {
    return passive;
  }

  /** Whether {@code ftps://} speaks TLS from the first byte instead of {@code AUTH TLS}. */
  public boolean implicitTls() {
    return implicitTls;
  }

  /** The most connections open to one host at once. */
  public int maxConnections() {
    return maxConnections;
  }

  /** How long connecting, the TLS handshake and the login may take. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** How long a reply or a data transfer may stall. */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** How many reopens in a row a broken read may take. */
  public int readRetries() {
    return readRetries;
  }

  /** The wait before the first reopen; doubled for each further one in a row. */
  public Duration retryBackoff() {
    return retryBackoff;
  }

  /** The key store of certificates to trust for {@code ftps://}; empty means the JVM's. */
  public Optional<Path> trustStore() {
    return trustStore;
  }

  /** The password of {@link #trustStore()}; empty when none. */
  public String trustStorePassword() {
    return trustStorePassword;
  }

  public FtpSettings withUser(String value) {
    return new FtpSettings(value, password, passive, implicitTls, maxConnections, connectTimeout, readTimeout, readRetries, retryBackoff, trustStore, trustStorePassword);
  }

  public FtpSettings withPassword(String value) {
    return new FtpSettings(user, value, passive, implicitTls, maxConnections, connectTimeout, readTimeout, readRetries, retryBackoff, trustStore, trustStorePassword);
  }

  public FtpSettings withPassive(boolean value) {
    return new FtpSettings(user, password, value, implicitTls, maxConnections, connectTimeout, readTimeout, readRetries, retryBackoff, trustStore, trustStorePassword);
  }

  public FtpSettings withImplicitTls(boolean value) {
    return new FtpSettings(user, password, passive, value, maxConnections, connectTimeout, readTimeout, readRetries, retryBackoff, trustStore, trustStorePassword);
  }

  public FtpSettings withMaxConnections(int value) {
    return new FtpSettings(user, password, passive, implicitTls, value, connectTimeout, readTimeout, readRetries, retryBackoff, trustStore, trustStorePassword);
  }

  public FtpSettings withConnectTimeout(Duration value) {
    return new FtpSettings(user, password, passive, implicitTls, maxConnections, value, readTimeout, readRetries, retryBackoff, trustStore, trustStorePassword);
  }

  public FtpSettings withReadTimeout(Duration value) {
    return new FtpSettings(user, password, passive, implicitTls, maxConnections, connectTimeout, value, readRetries, retryBackoff, trustStore, trustStorePassword);
  }

  public FtpSettings withReadRetries(int value) {
    return new FtpSettings(user, password, passive, implicitTls, maxConnections, connectTimeout, readTimeout, value, retryBackoff, trustStore, trustStorePassword);
  }

  public FtpSettings withRetryBackoff(Duration value) {
    return new FtpSettings(user, password, passive, implicitTls, maxConnections, connectTimeout, readTimeout, readRetries, value, trustStore, trustStorePassword);
  }

  /** Trusts the certificates in {@code value} (a PKCS12 or JKS file) instead of the JVM's. */
  public FtpSettings withTrustStore(Path value, String storePassword) {
    return new FtpSettings(user, password, passive, implicitTls, maxConnections, connectTimeout, readTimeout, readRetries, retryBackoff, Optional.of(value), storePassword);
  }

  /** Trusts the JVM's default certificates again. */
  public FtpSettings withDefaultTrustStore() {
    return new FtpSettings(user, password, passive, implicitTls, maxConnections, connectTimeout, readTimeout, readRetries, retryBackoff, Optional.empty(), "");
  }

  /** The settings with the password shown only as whether there is one. */
  @Override
  public String toString() {
    return "FtpSettings(user=" + user
        + ", password=" + (password.isEmpty() ? "<none>" : "<redacted>")
        + ", passive=" + passive
        + ", implicit-tls=" + implicitTls
        + ", max-connections=" + maxConnections
        + ", connect-timeout=" + connectTimeout
        + ", read-timeout=" + readTimeout
        + ", read-retries=" + readRetries
        + ", retry-backoff=" + retryBackoff
        + ", trust-store=" + trustStore.map(Path::toString).orElse("<jvm default>")
        + ")";
  }
}
