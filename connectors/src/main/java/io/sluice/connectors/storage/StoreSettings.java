package io.sluice.connectors.storage;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueType;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a node adds to a location's settings block before a store is made from it (contract §12):
 * secrets given by name ({@code password-secret = "partner-ftp"}) are looked up in the node's own
 * {@code sluice.secrets}, and the node's own store credentials ({@code sluice.connectors.<store>.user},
 * {@code password}, ...) are added only for the host or endpoint they are configured for.
 * No value of a secret ever appears in a message made here.
 */
public final class StoreSettings {
  /** Where a node keeps the secrets that jobs name: {@code sluice.secrets.<name> = ${?ENV_VAR}}. */
  public static final String SECRETS_PATH = "sluice.secrets";

  /** The suffix of a key that names a secret instead of holding it. */
  public static final String SECRET_SUFFIX = "-secret";

  private static final Map<String, List<String>> SECRET_KEYS = Map.of(
      "s3", List.of("access-key-id", "secret-access-key"),
      "ftp", List.of("password", "trust-store-password"),
      "sftp", List.of("password", "private-key"),
      "jdbc", List.of("password"));

  private static final Map<String, List<String>> CREDENTIAL_KEYS = Map.of(
      "s3", List.of("access-key-id", "secret-access-key"),
      "ftp", List.of("user", "password"),
      "sftp", List.of("user", "password", "private-key"));

  private StoreSettings() {}

  /** The settings block for a URI scheme: {@code s3}, {@code ftp} (ftp and ftps), {@code sftp}; null for others. */
  public static String block(String scheme) {
    if (scheme == null) return null;
    return switch (scheme.toLowerCase(Locale.ROOT)) {
      case "s3" -> "s3";
      case "ftp", "ftps" -> "ftp";
      case "sftp" -> "sftp";
      default -> null;
    };
  }

  /** The keys of {@code block} that may be given by name as {@code <key>-secret}. */
  public static List<String> secretKeys(String block) {
    return SECRET_KEYS.getOrDefault(block, List.of());
  }

  /** The keys of {@code block} that are credentials for one host (sent to it, or proving who connects). */
  public static List<String> credentialKeys(String block) {
    return CREDENTIAL_KEYS.getOrDefault(block, List.of());
  }

  /**
   * {@code settings} with each {@code <key>-secret = "name"} replaced by {@code <key>} = the value of
   * {@code sluice.secrets.name} in {@code nodeConfig}.
   *
   * @throws SettingException naming the key ({@code ftp.password-secret}) and the name, never a value
   */
  public static Config resolveSecrets(String block, Config settings, Config nodeConfig) {
    Config resolved = settings;
    for (String key : secretKeys(block)) {
      String byName = key + SECRET_SUFFIX;
      if (!settings.hasPath(byName)) continue;
      if (settings.hasPath(key)) {
        throw new SettingException(block + "." + key, "give either " + key + " or " + byName + ", not both");
      }
      String name;
      try {
        name = settings.getString(byName);
      } catch (ConfigException e) {
        throw new SettingException(block + "." + byName, "must be the name of a secret (a string)");
      }
      if (name.isBlank()) throw new SettingException(block + "." + byName, "must not be empty");
      String path = SECRETS_PATH + "." + ConfigUtil.quoteString(name);
      boolean known;
      try {
        known = nodeConfig.hasPath(path) && nodeConfig.getValue(path).valueType() == ConfigValueType.STRING;
      } catch (ConfigException e) {
        known = false;
      }
      if (!known) {
        throw new SettingException(block + "." + byName, "no secret named '" + name + "' on this node (set "
            + SECRETS_PATH + "." + name + " in the node's configuration, e.g. from an environment variable)");
      }
      resolved = resolved.withoutPath(byName).withValue(key, nodeConfig.getValue(path));
    }
    return resolved;
  }

  /** {@code defaults} (a node's {@code sluice.connectors.<block>}) without its credentials and its {@code host}. */
  public static Config withoutCredentials(String block, Config defaults) {
    Config stripped = defaults.withoutPath("host");
    for (String key : credentialKeys(block)) stripped = stripped.withoutPath(key);
    return stripped;
  }

  /**
   * The node's own credentials for {@code uri}, from {@code defaults} (its {@code sluice.connectors.<block>}):
   * for FTP and SFTP only when {@code host} is set there and equals the URI's host (and port, when
   * {@code host} has one); for S3 only when the location's endpoint ({@code settings.endpoint}, else the
   * node's) is the node's {@code endpoint} (unset on both: AWS itself). Otherwise empty.
   */
  public static Config nodeCredentials(String block, URI uri, Config settings, Config defaults) {
    if (block == null || !appliesTo(block, uri, settings, defaults)) return ConfigFactory.empty();
    Config credentials = ConfigFactory.empty();
    for (String key : credentialKeys(block)) {
      if (defaults.hasPath(key)) credentials = credentials.withValue(key, defaults.getValue(key));
    }
    return credentials;
  }

  /** The settings a store for {@code uri} is made with: secrets resolved, then the node's credentials for its host. */
  public static Config effective(URI uri, Config settings, Config nodeConfig) {
    String block = block(uri.getScheme());
    if (block == null) return settings;
    Config resolved = resolveSecrets(block, settings, nodeConfig);
    String defaultsPath = "sluice.connectors." + block;
    Config defaults = nodeConfig.hasPath(defaultsPath) ? nodeConfig.getConfig(defaultsPath) : ConfigFactory.empty();
    return resolved.withFallback(nodeCredentials(block, uri, resolved, defaults));
  }

  private static boolean appliesTo(String block, URI uri, Config settings, Config defaults) {
    if (block.equals("s3")) {
      String node = text(defaults, "endpoint");
      String job = text(settings, "endpoint");
      return job == null || sameEndpoint(job, node);
    }
    String host = text(defaults, "host");
    if (host == null || uri.getHost() == null) return false;
    int colon = host.lastIndexOf(':');
    if (colon > 0 && !host.endsWith("]") && host.indexOf(':') == colon) {
      String port = host.substring(colon + 1);
      int uriPort = uri.getPort();
      if (uriPort < 0) uriPort = defaultPort(uri.getScheme());
      if (!port.equals(Integer.toString(uriPort))) return false;
      host = host.substring(0, colon);
    }
    return stripBrackets(host).equalsIgnoreCase(stripBrackets(uri.getHost()));
  }

  private static int defaultPort(String scheme) {
    return switch (scheme.toLowerCase(Locale.ROOT)) {
      case "sftp" -> 22;
      default -> 21;
    };
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static boolean sameEndpoint(String job, String node) {
    if (node == null) return false;
    return trimSlash(job).equalsIgnoreCase(trimSlash(node));
  }

  private static String trimSlash(String s) {
    String t = s.trim();
    while (t.endsWith("/")) t = t.substring(0, t.length() - 1);
    return t;
  }

  private static String text(Config c, String key) {
    try {
      if (!c.hasPath(key)) return null;
      String v = c.getString(key);
      return v.isBlank() ? null : v;
    } catch (ConfigException e) {
      return null;
    }
  }

  /** A setting that cannot be used, naming its key within the location's block ({@code ftp.password-secret}). */
  public static final class SettingException extends IllegalArgumentException {
    private final String key;
    private final String problem;

    public SettingException(String key, String problem) {
      super(key + ": " + problem);
      this.key = key;
      this.problem = problem;
    }

    /** The key within the location, e.g. {@code ftp.password-secret}. */
    public String key() {
      return key;
    }

    /** What is wrong, without the key. */
    public String problem() {
      return problem;
    }
  }
}
