package io.sluice.connectors.storage.ftp;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.connectors.storage.config.SettingsReader;
import io.sluice.connectors.storage.read.ReadRetries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

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
  private final ReadRetries retries;
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
      ReadRetries retries,
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
    this.retries = retries;
    trustStore.ifPresent(
        path -> require("trust-store", path, Files.isReadable(path), "is not a readable file"));
    this.trustStore = trustStore;
    this.trustStorePassword = trustStorePassword;
  }

  /** The defaults of the module's {@code reference.conf}: anonymous, passive, four connections per host. */
  public static FtpSettings defaults() {
    return create(ConfigFactory.empty());
  }

  /**
   * Settings from an {@code ftp { }} block (usually the job's block over {@code
   * sluice.connectors.ftp}); absent or null keys take the defaults of {@code reference.conf}.
   *
   * @throws IllegalArgumentException naming the key, for a value of the wrong type or range
   */
  public static FtpSettings create(Config block) {
    SettingsReader reader = SettingsReader.of("ftp", block);
    return new FtpSettings(
        reader.rawText("user").orElse(""),
        reader.rawText("password").orElse(""),
        reader.flag("passive"),
        reader.flag("implicit-tls"),
        reader.count("max-connections", 1),
        reader.duration("connect-timeout", false),
        reader.duration("read-timeout", false),
        reader.readRetries(),
        reader.path("trust-store"),
        reader.rawText("trust-store-password").orElse(""));
  }

  private static <T> T require(String key, T value, boolean valid, String rule) {
    if (!valid) {
      throw new IllegalArgumentException("ftp." + key + ": " + rule + " (got " + value + ")");
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

  /** How a broken read is resumed: the rule of {@link io.sluice.connectors.storage.read.ResumableRead}. */
  public ReadRetries retries() {
    return retries;
  }

  /** How many reopens in a row without progress a broken read may take. */
  public int readRetries() {
    return retries.retries();
  }

  /** The wait before the first reopen; doubled for each further one in a row. */
  public Duration retryBackoff() {
    return retries.minBackoff();
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
    return new FtpSettings(value, password, passive, implicitTls, maxConnections, connectTimeout, readTimeout, retries, trustStore, trustStorePassword);
  }

  public FtpSettings withPassword(String value) {
    return new FtpSettings(user, value, passive, implicitTls, maxConnections, connectTimeout, readTimeout, retries, trustStore, trustStorePassword);
  }

  public FtpSettings withPassive(boolean value) {
    return new FtpSettings(user, password, value, implicitTls, maxConnections, connectTimeout, readTimeout, retries, trustStore, trustStorePassword);
  }

  public FtpSettings withImplicitTls(boolean value) {
    return new FtpSettings(user, password, passive, value, maxConnections, connectTimeout, readTimeout, retries, trustStore, trustStorePassword);
  }

  public FtpSettings withMaxConnections(int value) {
    return new FtpSettings(user, password, passive, implicitTls, value, connectTimeout, readTimeout, retries, trustStore, trustStorePassword);
  }

  public FtpSettings withConnectTimeout(Duration value) {
    return new FtpSettings(user, password, passive, implicitTls, maxConnections, value, readTimeout, retries, trustStore, trustStorePassword);
  }

  public FtpSettings withReadTimeout(Duration value) {
    return new FtpSettings(user, password, passive, implicitTls, maxConnections, connectTimeout, value, retries, trustStore, trustStorePassword);
  }

  public FtpSettings withRetries(ReadRetries value) {
    return new FtpSettings(user, password, passive, implicitTls, maxConnections, connectTimeout, readTimeout, value, trustStore, trustStorePassword);
  }

  public FtpSettings withReadRetries(int value) {
    return withRetries(new ReadRetries(value, retries.minBackoff(), retries.maxBackoff(), retries.randomFactor()));
  }

  /** Another first wait (the longest wait grows to it if it was shorter). */
  public FtpSettings withRetryBackoff(Duration value) {
    Duration max = value.compareTo(retries.maxBackoff()) > 0 ? value : retries.maxBackoff();
    return withRetries(new ReadRetries(retries.retries(), value, max, retries.randomFactor()));
  }

  /** Trusts the certificates in {@code value} (a PKCS12 or JKS file) instead of the JVM's. */
  public FtpSettings withTrustStore(Path value, String storePassword) {
    return new FtpSettings(user, password, passive, implicitTls, maxConnections, connectTimeout, readTimeout, retries, Optional.of(value), storePassword);
  }

  /** Trusts the JVM's default certificates again. */
  public FtpSettings withDefaultTrustStore() {
    return new FtpSettings(user, password, passive, implicitTls, maxConnections, connectTimeout, readTimeout, retries, Optional.empty(), "");
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
        + ", retries=" + retries
        + ", trust-store=" + trustStore.map(Path::toString).orElse("<jvm default>")
        + ")";
  }
}
