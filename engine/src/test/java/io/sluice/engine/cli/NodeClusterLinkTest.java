package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sluice node} on a VM address without TLS key stores exits 2 before it starts, naming the key. */
class NodeClusterLinkTest {
  @Test
  void aNodeOnANonLoopbackAddressWithoutKeyStoresExits2NamingTheTransport() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(List.of("node", "--config", "../cluster-config/node.conf",
            "--set", "pekko.remote.artery.canonical.hostname=10.0.0.11",
            // this test JVM lacks the launcher's --add-opens, which the job store on disk needs
            "--set", "pekko.cluster.distributed-data.durable.keys=[]"),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, stderr);
    assertTrue(stderr.contains("pekko.remote.artery.transport: tcp is plaintext"), stderr);
    assertTrue(stderr.contains("SLUICE_TLS_KEY_STORE"), stderr);
    assertEquals("", out.toString(StandardCharsets.UTF_8), "the node never started");
  }
}
