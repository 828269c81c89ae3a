package io.sluice.engine.node;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.Buffer;
import org.junit.jupiter.api.Test;

/** What a node checks before it starts, and the line it starts with. */
class NodeStartupTest {
  private static final Config NODE = ConfigFactory.parseString("""
      pekko.actor.provider = cluster
      pekko.cluster.roles = [worker]
      pekko.cluster.seed-nodes = ["pekko://sluice@10.0.0.11:25520"]
      pekko.cluster.distributed-data.durable.keys = ["sluice-jobs"]
      sluice.api { host = "10.0.0.13", port = 7077 }
      """);

  @Test
  void aNodeWhoseJvmCannotOpenTheJobStoreRefusesToStartNamingTheOptions() {
    // This test JVM runs without the launcher's --add-opens, as an embedding program might.
    assertTrue(!Buffer.class.getModule().isOpen("java.nio", NodeStartupTest.class.getModule()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeStartup.checkModuleAccess(NODE));
    assertTrue(e.getMessage().contains("--add-opens=java.base/java.nio=ALL-UNNAMED"), e.getMessage());
    assertDoesNotThrow(() -> NodeStartup.checkModuleAccess(
        ConfigFactory.parseString("pekko.cluster.distributed-data.durable.keys = []").withFallback(NODE)));
  }

  @Test
  void theStartLineNamesRolesHttpAddressAndSeeds() {
    assertEquals("roles worker; /health and /metrics on http://10.0.0.13:7077; seeds pekko://sluice@10.0.0.11:25520",
        NodeStartup.describe(NODE));
  }
}
