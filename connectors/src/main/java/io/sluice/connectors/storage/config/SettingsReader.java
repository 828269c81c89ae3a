package io.sluice.connectors.storage.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.sluice.connectors.storage.read.ReadRetries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one way a store reads its settings block (a job's {@code s3 { }}, {@code ftp { }} or
 * {@code sftp { }}, usually laid over the node's {@code sluice.connectors.<store>}): a key that is
 * absent or {@code null} there takes its default from the module's {@code reference.conf}, the
 * only place defaults are written. Every problem is reported as an {@link IllegalArgumentException}
 * naming the key ({@code ftp.read-retries: ...}), never a value, since values may be secrets.
 */
public final class SettingsReader {
  private static final String DEFAULTS_ROOT = "sluice.connectors.";

  private final String store;
  private final Config block;
  private final Config defaults;

  private SettingsReader(String store, Config block, Config defaults) {
    this.store = store;
    this.block = block;
    this.defaults = defaults;
  }

  /** A reader of {@code block} for {@code store} ({@code s3}, {@code ftp}, {@code sftp}) over the reference defaults. */
  public static SettingsReader of(String store, Config block) {
    Config reference = ReferenceDefaults.CONFIG;
    String path = DEFAULTS_ROOT + store;
    return new SettingsReader(store, block, reference.hasPath(path) ? reference.getConfig(path) : ConfigFactory.empty());
  }

  /** The text of {@code key}; empty when it is null, unset or blank. */
  public Optional<String> text(String key) {
    return value(key, c -> c.getString(key)).map(String::trim).filter(t -> !t.isEmpty());
  }

  /** The text of {@code key} as written (blank allowed); empty when it is null or unset. */
  public Optional<String> rawText(String key) {
    return value(key, c -> c.getString(key));
  }

  /** The boolean {@code key}. */
  public boolean flag(String key) {
    return required(key, c -> c.getBoolean(key));
  }

  /** The whole number {@code key}, at least {@code min}. */
  public int count(String key, int min) {
    int value = required(key, c -> c.getInt(key));
    if (value < min) throw problem(key, "must be at least " + min + ", got " + value);
    return value;
  }

  /** The duration {@code key}, positive unless {@code zeroAllowed}. */
  public Duration duration(String key, boolean zeroAllowed) {
    Duration value = required(key, c -> c.getDuration(key));
    if (value.isNegative() || (!zeroAllowed && value.isZero())) {
      throw problem(key, "must be " + (zeroAllowed ? "zero or more" : "positive") + ", got " + value);
    }
    return value;
  }

  /** The file path {@code key}, with a leading {@code ~/} taken as the user's home as ssh does; empty when unset. */
  public Optional<Path> path(String key) {
    return text(key).map(SettingsReader::expandHome);
  }

  /** The read rule of {@link io.sluice.connectors.storage.read.ResumableRead}, from the keys every store shares. */
  public ReadRetries readRetries() {
    int retries = count("read-retries", 0);
    Duration min = duration("retry-backoff", true);
    Duration max = duration("retry-max-backoff", true);
    double factor = required("retry-random-factor", c -> c.getDouble("retry-random-factor"));
    try {
      return new ReadRetries(retries, min, max, factor);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(store + "." + e.getMessage(), e);
    }
  }

  /** A problem with {@code key}, named as the user writes it ({@code sftp.private-key}). */
  public IllegalArgumentException problem(String key, String what) {
    return new IllegalArgumentException(store + "." + key + ": " + what);
  }

  private <T> T required(String key, Function<Config, T> getter) {
    return value(key, getter).orElseThrow(() -> problem(key, "must be set"));
  }

  private <T> Optional<T> value(String key, Function<Config, T> getter) {
    try {
      if (block.hasPath(key)) return Optional.of(getter.apply(block));
      if (defaults.hasPath(key)) return Optional.of(getter.apply(defaults));
      return Optional.empty();
    } catch (ConfigException e) {
      throw new IllegalArgumentException(store + "." + key + ": " + withoutOrigin(e), e);
    }
  }

  /** Typesafe Config's messages start with the file and line, which say nothing about a job's block. */
  private static String withoutOrigin(ConfigException e) {
    String message = e.getMessage();
    int colon = message.indexOf(": ");
    return e.origin() != null && colon >= 0 ? message.substring(colon + 2) : message;
  }

  private static Path expandHome(String path) {
    if (path.equals("~")) return Path.of(System.getProperty("user.home"));
    if (path.startsWith("~/")) return Path.of(System.getProperty("user.home"), path.substring(2));
    return Path.of(path);
  }

  /** The reference configuration, loaded once: it does not change while the JVM runs. */
  private static final class ReferenceDefaults {
    static final Config CONFIG = ConfigFactory.defaultReference(SettingsReader.class.getClassLoader());
  }
}
