package io.sluice.connectors.stores;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StorageException;
import io.sluice.connectors.storage.StorageFactory;
import io.sluice.connectors.storage.StoreSettings;
import io.sluice.connectors.storage.ftp.FtpStorage;
import io.sluice.connectors.storage.local.LocalStorage;
import io.sluice.connectors.storage.sftp.SftpStorage;
import io.sluice.connectors.storage.s3.S3Settings;
import io.sluice.connectors.storage.s3.S3Storage;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.ClassicActorSystemProvider;

/**
 * Finds the {@link Storage} that serves a URI by its scheme and settings. A store is made once
 * per scheme and settings and then shared, so that its connection pool serves every partition.
 */
public final class Storages {
  private final Map<String, StorageFactory> byScheme;
  private final Map<String, Storage> made = new ConcurrentHashMap<>();
  /** The node's configuration: its {@code sluice.secrets} and the credentials under {@code sluice.connectors}. */
  private final Config nodeConfig;

  private Storages(Map<String, StorageFactory> byScheme, Config nodeConfig) {
    this.byScheme = byScheme;
    this.nodeConfig = nodeConfig;
  }

  /**
   * Every store Sluice has: {@code file}, and {@code s3}, {@code ftp}, {@code ftps} and {@code sftp}, each
   * configured by a location's settings over the defaults under {@code sluice.connectors}. Secrets
   * named by a location ({@code password-secret}) come from the node's {@code sluice.secrets}; the
   * node's own credentials only go to the host or endpoint they are configured for ({@link StoreSettings}).
   */
  public static Storages create(ClassicActorSystemProvider system) {
    LocalStorage local = LocalStorage.create(system);
    Config config = system.classicSystem().settings().config();
    Config defaults = config.getConfig("sluice.connectors");
    Map<String, StorageFactory> stores = new TreeMap<>();
    stores.put("file", settings -> local);
    stores.put("s3", settings -> S3Storage.create(system, S3Settings.create(
        settings.withFallback(StoreSettings.withoutCredentials("s3", defaults.getConfig("s3"))))));
    stores.put("ftp", FtpStorage.factory(system));
    stores.put("ftps", FtpStorage.factory(system));
    stores.put("sftp", SftpStorage.factory(system));
    return new Storages(stores, config);
  }

  /** A registry that also serves {@code scheme} (case-insensitive) with {@code storage}, whatever the settings. */
  public Storages with(String scheme, Storage storage) {
    return with(scheme, settings -> storage);
  }

  /** A registry that also serves {@code scheme} (case-insensitive) with stores made by {@code factory}. */
  public Storages with(String scheme, StorageFactory factory) {
    Map<String, StorageFactory> extended = new TreeMap<>(byScheme);
    extended.put(scheme.toLowerCase(Locale.ROOT), factory);
    return new Storages(extended, nodeConfig);
  }

  /**
   * A location's settings block ({@code jdbc { }}, say) with each secret given by name replaced by the node's value
   * ({@link StoreSettings#resolveSecrets}), for locations that are not stores.
   */
  public Config withSecrets(String block, Config settings) {
    return StoreSettings.resolveSecrets(block, settings, nodeConfig);
  }

  /** The store for {@code uri} with no settings. */
  public Storage forUri(URI uri) {
    return forUri(uri, ConfigFactory.empty());
  }

  /**
   * The store for {@code uri} configured by {@code settings}.
   *
   * @throws StorageException when no store serves the URI's scheme
   * @throws IllegalArgumentException naming the key, for settings that cannot work ({@link
   *     StoreSettings.SettingException} for a secret named twice or unknown to this node)
   */
  public Storage forUri(URI uri, Config settings) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    StorageFactory factory = byScheme.get(scheme);
    if (factory == null) {
      throw new StorageException(uri, "unsupported scheme '" + scheme + "' (supported: " + String.join(", ", byScheme.keySet()) + ")");
    }
    Config effective = StoreSettings.effective(uri, settings, nodeConfig);
    String key = scheme + effective.root().render(ConfigRenderOptions.concise());
    return made.computeIfAbsent(key, k -> factory.create(effective));
  }
}
