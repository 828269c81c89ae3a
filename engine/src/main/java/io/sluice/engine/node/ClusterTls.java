package io.sluice.engine.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster link between nodes (Pekko Artery): TLS with mutual authentication made from
 * {@code sluice.security.cluster-tls} (the key stores of {@code cluster-config/make-cluster-keys.sh}),
 * and the start-up check that refuses a plaintext link on a non-loopback address.
 */
public final class ClusterTls {
  static final String TLS = "sluice.security.cluster-tls";
  static final String ALLOW_PLAINTEXT = "sluice.security.allow-plaintext-cluster";
  static final String TRANSPORT = "pekko.remote.artery.transport";
  static final String ENGINE = "pekko.remote.artery.ssl.config-ssl-engine";
  private static final String CONFIG_ENGINE_PROVIDER = "org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider";
  private static final String HOW = "cluster-config/make-cluster-keys.sh makes them; see the README's Running on VMs";

  private ClusterTls() {}

  /**
   * The Pekko settings for a TLS link when {@code sluice.security.cluster-tls.key-store} is set in
   * {@code config} (resolved): transport {@code tls-tcp}, the key and trust stores, TLSv1.3 with
   * mutual authentication, and hostname verification as {@code cluster-tls.hostname-verification}.
   * They go over the node's own settings. Empty when no key store is set.
   */
  public static Config pekkoSettings(Config config) {
    String keyStore = string(config, TLS + ".key-store");
    if (keyStore.isEmpty()) return ConfigFactory.empty();
    String password = string(config, TLS + ".password");
    boolean verifyHost = !config.hasPath(TLS + ".hostname-verification") || config.getBoolean(TLS + ".hostname-verification");
    Map<String, Object> engine = Map.of(
        "key-store", keyStore,
        "trust-store", string(config, TLS + ".trust-store"),
        "key-store-password", password,
        "key-password", password,
        "trust-store-password", password,
        "protocol", "TLSv1.3",
        "enabled-algorithms", List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"),
        "require-mutual-authentication", true,
        "hostname-verification", verifyHost);
    return ConfigFactory.parseMap(Map.of(
        TRANSPORT, "tls-tcp",
        "pekko.remote.artery.ssl.ssl-engine-provider", CONFIG_ENGINE_PROVIDER,
        ENGINE, engine), "sluice.security.cluster-tls");
  }

  /**
   * Refuses (IllegalArgumentException naming the key) a node whose cluster link listens on a
   * non-loopback address in plaintext ({@code tcp}, {@code aeron-udp}) or with TLS without mutual
   * authentication, unless {@code sluice.security.allow-plaintext-cluster} is on; and, for
   * {@code tls-tcp}, key or trust stores that cannot be read with their passwords, hold no key or
   * certificate, or a certificate that has expired.
   */
  static void check(Config config) {
    String provider = string(config, "pekko.actor.provider");
    if (provider.isEmpty() || provider.equals("local") || provider.endsWith(".LocalActorRefProvider")) return;
    String transport = config.getString(TRANSPORT);
    boolean allowPlaintext = config.hasPath(ALLOW_PLAINTEXT) && config.getBoolean(ALLOW_PLAINTEXT);
    boolean tls = transport.equals("tls-tcp");
    checkExposure(config, transport, tls, allowPlaintext);
    if (tls && string(config, "pekko.remote.artery.ssl.ssl-engine-provider").equals(CONFIG_ENGINE_PROVIDER)) {
      checkStores(config.getConfig(ENGINE));
    }
  }

  private static void checkExposure(Config config, String transport, boolean tls, boolean allowPlaintext) {
    Optional<String> exposed = exposedAddress(config);
    if (exposed.isEmpty() || allowPlaintext) return;
    String port = string(config, "pekko.remote.artery.canonical.port");
    if (!tls) {
      throw new IllegalArgumentException(TRANSPORT + ": " + transport + " is plaintext without peer authentication, and this "
          + "node listens on " + exposed.get() + ", not a loopback address: anyone who reaches port " + port
          + " could join the cluster. Give the node its TLS key stores (SLUICE_TLS_KEY_STORE, SLUICE_TLS_TRUST_STORE, "
          + "SLUICE_TLS_PASSWORD, or " + TLS + "; " + HOW + "), or set " + ALLOW_PLAINTEXT
          + " = true on a network where every host that reaches the port is trusted");
    }
    if (config.hasPath(ENGINE + ".require-mutual-authentication")
        && !config.getBoolean(ENGINE + ".require-mutual-authentication")) {
      throw new IllegalArgumentException(ENGINE + ".require-mutual-authentication: must be on when the node listens on "
          + exposed.get() + ", not a loopback address: without it a node without a certificate of the cluster "
          + "could connect (or set " + ALLOW_PLAINTEXT + " = true on a network where every host is trusted)");
    }
  }

  /** "10.0.0.11 (pekko.remote.artery.canonical.hostname)" when the link listens beyond loopback. */
  private static Optional<String> exposedAddress(Config config) {
    for (String key : List.of("pekko.remote.artery.canonical.hostname", "pekko.remote.artery.bind.hostname")) {
      String host = string(config, key);
      if (host.isEmpty()) continue; // bind.hostname "": the canonical one
      if (!isLoopback(key, host)) return Optional.of(host + " (" + key + ")");
    }
    return Optional.empty();
  }

  private static boolean isLoopback(String key, String host) {
    if (host.startsWith("<")) return false; // <getHostAddress>, <getHostName>: the machine's own address
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(key + ": cannot resolve '" + host + "'", e);
    }
  }

  private static void checkStores(Config engine) {
    KeyStore keys = open(engine, "key-store", "SLUICE_TLS_KEY_STORE");
    char[] keyPassword = string(engine, "key-password").toCharArray();
    boolean hasKey = false;
    for (String alias : aliases(keys)) {
      try {
        if (!keys.isKeyEntry(alias)) continue;
        keys.getKey(alias, keyPassword);
        hasKey = true;
        if (keys.getCertificate(alias) instanceof X509Certificate cert && cert.getNotAfter().toInstant().isBefore(Instant.now())) {
          throw new IllegalArgumentException(ENGINE + ".key-store: the certificate in " + string(engine, "key-store")
              + " expired on " + cert.getNotAfter().toInstant() + "; make a new one (" + HOW + ")");
        }
      } catch (UnrecoverableKeyException e) {
        throw new IllegalArgumentException(ENGINE + ".key-password: does not open the key in " + string(engine, "key-store")
            + " (SLUICE_TLS_PASSWORD)");
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException(ENGINE + ".key-store: cannot read " + string(engine, "key-store") + ": " + e.getMessage());
      }
    }
    if (!hasKey) {
      throw new IllegalArgumentException(ENGINE + ".key-store: " + string(engine, "key-store")
          + " holds no private key: give the node's key store, not the trust store (" + HOW + ")");
    }
    KeyStore trusted = open(engine, "trust-store", "SLUICE_TLS_TRUST_STORE");
    boolean hasCertificate = false;
    for (String alias : aliases(trusted)) {
      try {
        hasCertificate |= trusted.isCertificateEntry(alias);
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException(ENGINE + ".trust-store: cannot read " + string(engine, "trust-store") + ": " + e.getMessage());
      }
    }
    if (!hasCertificate) {
      throw new IllegalArgumentException(ENGINE + ".trust-store: " + string(engine, "trust-store")
          + " holds no trusted certificate: give the cluster's trust store (" + HOW + ")");
    }
  }

  /** Opens the store as Pekko does: the JVM's default type (PKCS12), read from the file with its password. */
  private static KeyStore open(Config engine, String key, String variable) {
    String file = string(engine, key);
    String name = ENGINE + "." + key;
    if (file.isEmpty()) throw new IllegalArgumentException(name + ": not set (" + variable + "; " + HOW + ")");
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(in, string(engine, key + "-password").toCharArray());
      return store;
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(name + ": no such file " + file + " (" + variable + ")");
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
        throw new IllegalArgumentException(name + "-password: does not open " + file + " (SLUICE_TLS_PASSWORD)");
      }
      throw new IllegalArgumentException(name + ": cannot read " + file + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(name + ": cannot read " + file + ": " + e.getMessage());
    }
  }

  private static List<String> aliases(KeyStore store) {
    try {
      return Collections.list(store.aliases());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(ENGINE + ": cannot list a key store: " + e.getMessage());
    }
  }

  private static String string(Config config, String key) {
    return config.hasPath(key) ? config.getString(key).trim() : "";
  }
}
