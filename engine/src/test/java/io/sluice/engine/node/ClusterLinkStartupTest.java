package io.sluice.engine.node;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A node refuses a plaintext cluster link on a non-loopback address; the TLS settings that the key
 * stores of {@code sluice.security.cluster-tls} (SLUICE_TLS_*) give node.conf. The stores themselves
 * and the links they make are in ClusterTlsIT.
 */
class ClusterLinkStartupTest {
  private static final Path NODE_CONF = Path.of("..", "cluster-config", "node.conf");

  private static Config node(String settings) {
    return ConfigFactory.parseString(settings).withFallback(ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.port = 25520
        """)).withFallback(ConfigFactory.load()).resolve();
  }

  @Test
  void aPlaintextLinkOnANonLoopbackAddressRefusesToStartNamingTheTransport() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NodeStartup.checkClusterLink(node("pekko.remote.artery.canonical.hostname = \"10.0.0.11\"")));
    assertTrue(e.getMessage().startsWith("pekko.remote.artery.transport: tcp is plaintext"), e.getMessage());
    for (String named : List.of("10.0.0.11 (pekko.remote.artery.canonical.hostname)", "port 25520", "SLUICE_TLS_KEY_STORE",
        "SLUICE_TLS_TRUST_STORE", "SLUICE_TLS_PASSWORD", "cluster-config/make-cluster-keys.sh",
        "sluice.security.allow-plaintext-cluster = true")) {
      assertTrue(e.getMessage().contains(named), named + " in: " + e.getMessage());
    }
    // aeron-udp is no better
    e = assertThrows(IllegalArgumentException.class, () -> NodeStartup.checkClusterLink(node("""
        pekko.remote.artery.canonical.hostname = "10.0.0.11"
        pekko.remote.artery.transport = aeron-udp
        """)));
    assertTrue(e.getMessage().startsWith("pekko.remote.artery.transport: aeron-udp is plaintext"), e.getMessage());
  }

  @Test
  void aWildcardBindAddressIsNotLoopbackEither() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeStartup.checkClusterLink(node("""
        pekko.remote.artery.canonical.hostname = "127.0.0.1"
        pekko.remote.artery.bind.hostname = "0.0.0.0"
        """)));
    assertTrue(e.getMessage().startsWith("pekko.remote.artery.transport: "), e.getMessage());
    assertTrue(e.getMessage().contains("0.0.0.0 (pekko.remote.artery.bind.hostname)"), e.getMessage());
    // Pekko's own default, the machine's address
    assertThrows(IllegalArgumentException.class, () -> NodeStartup.checkClusterLink(node("")));
  }

  @Test
  void plaintextIsAllowedWhenTheOperatorSaysSo() {
    assertDoesNotThrow(() -> NodeStartup.checkClusterLink(node("""
        pekko.remote.artery.canonical.hostname = "10.0.0.11"
        sluice.security.allow-plaintext-cluster = true
        """)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "localhost", "::1", "127.0.1.1"})
  void plaintextOnLoopbackStarts(String host) {
    assertDoesNotThrow(() -> NodeStartup.checkClusterLink(node("pekko.remote.artery.canonical.hostname = \"" + host + "\"")));
  }

  @Test
  void theDefaultIsToRefuse() {
    assertEquals(false, ConfigFactory.load().getBoolean("sluice.security.allow-plaintext-cluster"));
  }

  @Test
  void aLocalActorSystemHasNoLinkToCheck() {
    assertDoesNotThrow(() -> NodeStartup.checkClusterLink(node("""
        pekko.actor.provider = local
        pekko.remote.artery.canonical.hostname = "10.0.0.11"
        """)));
  }

  @Test
  void tlsWithoutMutualAuthenticationIsRefusedOnANonLoopbackAddress() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeStartup.checkClusterLink(node("""
        pekko.remote.artery.canonical.hostname = "10.0.0.11"
        pekko.remote.artery.transport = tls-tcp
        pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication = off
        """)));
    assertTrue(e.getMessage().startsWith("pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication: must be on"),
        e.getMessage());
  }

  @Test
  void tlsWithMissingKeyStoresIsRefusedNamingTheStore() {
    Config tls = ClusterTls.pekkoSettings(node("""
        sluice.security.cluster-tls { key-store = "/nonexistent/node.p12", trust-store = "/nonexistent/t.p12", password = "x" }
        """));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeStartup.checkClusterLink(tls.withFallback(node(
        "pekko.remote.artery.canonical.hostname = \"10.0.0.11\""))));
    assertEquals("pekko.remote.artery.ssl.config-ssl-engine.key-store: no such file /nonexistent/node.p12 (SLUICE_TLS_KEY_STORE)",
        e.getMessage());
  }

  @Test
  void nodeConfWithTheKeyStoresMakesAMutuallyAuthenticatedTlsLink() {
    Config config = NodeConfig.load(NODE_CONF, List.of(
        "sluice.security.cluster-tls.key-store=/etc/sluice/node.p12",
        "sluice.security.cluster-tls.trust-store=/etc/sluice/truststore.p12",
        "sluice.security.cluster-tls.password=s3cret-s3cret"));
    assertEquals("tls-tcp", config.getString("pekko.remote.artery.transport"));
    Config engine = config.getConfig("pekko.remote.artery.ssl.config-ssl-engine");
    assertEquals("/etc/sluice/node.p12", engine.getString("key-store"));
    assertEquals("/etc/sluice/truststore.p12", engine.getString("trust-store"));
    for (String password : List.of("key-store-password", "key-password", "trust-store-password")) {
      assertEquals("s3cret-s3cret", engine.getString(password), password);
    }
    assertEquals("TLSv1.3", engine.getString("protocol"));
    assertEquals(List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"), engine.getStringList("enabled-algorithms"));
    assertTrue(engine.getBoolean("require-mutual-authentication"));
    assertTrue(engine.getBoolean("hostname-verification"));
    assertEquals("org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider",
        config.getString("pekko.remote.artery.ssl.ssl-engine-provider"));

    // the TLS settings win over the file's own: a --set transport=tcp does not turn TLS off
    Config forced = NodeConfig.load(NODE_CONF, List.of("pekko.remote.artery.transport=tcp",
        "pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication=off",
        "sluice.security.cluster-tls.key-store=/etc/sluice/node.p12"));
    assertEquals("tls-tcp", forced.getString("pekko.remote.artery.transport"));
    assertTrue(forced.getBoolean("pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication"));
    assertTrue(!NodeConfig.load(NODE_CONF, List.of("sluice.security.cluster-tls.key-store=/x.p12",
        "sluice.security.cluster-tls.hostname-verification=off"))
        .getBoolean("pekko.remote.artery.ssl.config-ssl-engine.hostname-verification"));
  }

  @Test
  void nodeConfWithoutKeyStoresIsPlaintextOnLoopbackAndRefusedElsewhere() {
    Config config = NodeConfig.load(NODE_CONF, List.of());
    assertEquals("tcp", config.getString("pekko.remote.artery.transport"));
    assertDoesNotThrow(() -> NodeStartup.checkClusterLink(config));
    Config vm = NodeConfig.load(NODE_CONF, List.of("pekko.remote.artery.canonical.hostname=10.0.0.11"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeStartup.checkClusterLink(vm));
    assertTrue(e.getMessage().startsWith("pekko.remote.artery.transport: tcp is plaintext"), e.getMessage());
  }
}
