package io.sluice.engine.node;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster link with the key stores that {@code cluster-config/make-cluster-keys.sh} makes:
 * two nodes of one CA form a cluster over TLS; a node whose certificate another CA signed never
 * becomes a member and cannot send the cluster's actors a message, even when it trusts the
 * cluster's CA (mutual authentication); a node of the right CA whose certificate names another
 * address is not accepted either (hostname verification). Nodes are actor systems in this JVM,
 * configured by {@code cluster-config/node.conf} as {@code sluice node} would be, on 127.0.0.1.
 */
class ClusterTlsIT {
  private static final Path NODE_CONF = Path.of("..", "cluster-config", "node.conf");
  private static final Path SCRIPT = Path.of("..", "cluster-config", "make-cluster-keys.sh");

  @TempDir
  static Path dir;
  private static Path cluster;
  private static Path other;
  private static String password;
  private static final List<ActorSystem> systems = new ArrayList<>();

  @BeforeAll
  static void makeKeys() throws Exception {
    cluster = dir.resolve("cluster");
    other = dir.resolve("other");
    // the cluster's CA: two nodes on 127.0.0.1, and one whose certificate names 10.0.0.99; a generated password
    script(cluster, null, "node-a=127.0.0.1", "node-b=127.0.0.1", "elsewhere=10.0.0.99");
    password = Files.readString(cluster.resolve("password")).trim();
    // a second, independent CA with one node; its password given, the same (knowing it does not help)
    script(other, password, "intruder=127.0.0.1");
    for (Path file : List.of(cluster.resolve("ca.p12"), cluster.resolve("truststore.p12"), cluster.resolve("node-a/node.p12"),
        cluster.resolve("node-b/node.p12"), other.resolve("intruder/node.p12"), other.resolve("truststore.p12"))) {
      assertTrue(Files.isRegularFile(file), file + " was made");
    }
    assertTrue(!Files.exists(other.resolve("password")), "a given password is not written down");
  }

  private static void script(Path out, String givenPassword, String... nodes) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), out.toString()));
    command.addAll(List.of(nodes));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve(out.getFileName() + ".log").toFile());
    if (givenPassword != null) builder.environment().put("SLUICE_TLS_PASSWORD", givenPassword);
    else builder.environment().remove("SLUICE_TLS_PASSWORD");
    Process process = builder.start();
    assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the script finished");
    String log = Files.readString(dir.resolve(out.getFileName() + ".log"));
    assertEquals(0, process.exitValue(), log);
    assertTrue(log.contains("SLUICE_TLS_KEY_STORE=/etc/sluice/node.p12"), log);
  }

  @AfterAll
  static void stop() {
    for (ActorSystem system : systems) system.terminate();
    for (ActorSystem system : systems) {
      system.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
  }

  private static Config node(Path keyStore, Path trustStore, String storePassword, int port, int seedPort, String... more) {
    List<String> sets = new ArrayList<>(List.of(
        "sluice.security.cluster-tls.key-store=" + keyStore.toAbsolutePath(),
        "sluice.security.cluster-tls.trust-store=" + trustStore.toAbsolutePath(),
        "sluice.security.cluster-tls.password=" + storePassword,
        "pekko.remote.artery.canonical.hostname=127.0.0.1",
        "pekko.remote.artery.canonical.port=" + port,
        "pekko.cluster.seed-nodes=[\"pekko://sluice@127.0.0.1:" + seedPort + "\"]",
        "pekko.cluster.roles=[worker]",
        "pekko.cluster.jmx.multi-mbeans-in-same-jvm=on",
        "pekko.cluster.distributed-data.durable.keys=[]",
        "pekko.coordinated-shutdown.exit-jvm=off",
        "pekko.coordinated-shutdown.terminate-actor-system=on"));
    sets.addAll(List.of(more));
    return NodeConfig.load(NODE_CONF, sets);
  }

  private static ActorSystem start(Config config) {
    NodeStartup.checkClusterLink(config);
    ActorSystem system = ActorSystem.create("sluice", config);
    systems.add(system);
    return system;
  }

  /** Keeps the strings it is sent. */
  static final class Inbox extends AbstractActor {
    private final Queue<String> received;

    Inbox(Queue<String> received) {
      this.received = received;
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder().match(String.class, received::add).build();
    }
  }

  @Test
  void nodesOfOneCaFormAClusterAndANodeOfAnotherCaNeverJoins() throws Exception {
    int portA = freePort();
    Config configA = node(cluster.resolve("node-a/node.p12"), cluster.resolve("truststore.p12"), password, portA, portA);
    assertEquals("tls-tcp", configA.getString("pekko.remote.artery.transport"));
    assertTrue(configA.getBoolean("pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication"));
    ActorSystem a = start(configA);
    Queue<String> inbox = new ConcurrentLinkedQueue<>();
    a.actorOf(Props.create(Inbox.class, () -> new Inbox(inbox)), "inbox");
    String inboxPath = "pekko://sluice@127.0.0.1:" + portA + "/user/inbox";

    int portB = freePort();
    ActorSystem b = start(node(cluster.resolve("node-b/node.p12"), cluster.resolve("truststore.p12"), password, portB, portA));
    awaitUp(a, Set.of(portA, portB), Duration.ofSeconds(90));
    b.actorSelection(inboxPath).tell("from node-b", ActorRef.noSender());
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!inbox.contains("from node-b") && System.nanoTime() < deadline) Thread.sleep(100);
    assertTrue(inbox.contains("from node-b"), "a member's message arrives over TLS: " + inbox);

    // The intruder's key store is signed by another CA. One trusts only its own CA (as the script
    // made it); the other trusts the cluster's CA, so only the cluster's demand for a client
    // certificate keeps it out. The third has a certificate of the cluster's CA for 10.0.0.99 but
    // listens on 127.0.0.1: the nodes that connect to it see a certificate for another address.
    int portIntruder = freePort();
    int portTrusting = freePort();
    int portElsewhere = freePort();
    ActorSystem intruder = start(node(other.resolve("intruder/node.p12"), other.resolve("truststore.p12"), password,
        portIntruder, portA));
    ActorSystem trusting = start(node(other.resolve("intruder/node.p12"), cluster.resolve("truststore.p12"), password,
        portTrusting, portA));
    ActorSystem elsewhere = start(node(cluster.resolve("elsewhere/node.p12"), cluster.resolve("truststore.p12"), password,
        portElsewhere, portA));
    deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      for (ActorSystem outsider : List.of(intruder, trusting, elsewhere)) {
        outsider.actorSelection(inboxPath).tell("from outsider " + Cluster.get(outsider).selfAddress().port().get(),
            ActorRef.noSender());
      }
      Thread.sleep(500);
    }
    assertEquals(new TreeSet<>(Set.of(portA, portB)), upPorts(a), "only node-a and node-b are Up members");
    for (ActorSystem outsider : List.of(intruder, trusting, elsewhere)) {
      assertNotEquals(MemberStatus.up(), Cluster.get(outsider).selfMember().status(), outsider + " never became Up");
      assertTrue(!upPorts(outsider).contains(portA), "an outsider never sees node-a Up");
    }
    for (Member m : Cluster.get(a).state().getMembers()) {
      int port = (Integer) m.address().port().get();
      assertTrue(port == portA || port == portB, "node-a never lists an outsider, not even as joining: " + m);
    }
    assertEquals(List.of("from node-b"), List.copyOf(inbox), "no outsider's message reached node-a's actors");

    // Below the cluster protocol: node-a's port itself refuses a TLS client that has no certificate
    // or one of another CA (mutual authentication), and keeps one with a cluster certificate.
    Path trustStore = cluster.resolve("truststore.p12");
    assertEquals("open", tlsProbe(cluster.resolve("node-b/node.p12"), trustStore, portA));
    assertTrue(tlsProbe(other.resolve("intruder/node.p12"), trustStore, portA).startsWith("refused"), "another CA's certificate");
    assertTrue(tlsProbe(null, trustStore, portA).startsWith("refused"), "no certificate");
  }

  /** "open" when node-a keeps a TLS connection from a client with this key store, "refused: ..." when it ends it. */
  private static String tlsProbe(Path keyStore, Path trustStore, int port) throws Exception {
    KeyManager[] keys = null;
    if (keyStore != null) {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(load(keyStore), password.toCharArray());
      keys = kmf.getKeyManagers();
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(load(trustStore));
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(keys, tmf.getTrustManagers(), null);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(3000);
      socket.startHandshake();
      // TLS 1.3: the server judges the client's certificate after the client has finished; its
      // verdict comes as an alert on the first read. A kept connection just has nothing to say.
      int read = socket.getInputStream().read();
      return read < 0 ? "refused: closed" : "open";
    } catch (SocketTimeoutException e) {
      return "open";
    } catch (IOException e) {
      return "refused: " + e.getMessage();
    }
  }

  private static KeyStore load(Path file) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(file)) {
      store.load(in, password.toCharArray());
    }
    return store;
  }

  @Test
  void theStoresAreCheckedBeforeANodeStarts() {
    Path keyStore = cluster.resolve("node-a/node.p12");
    Path trustStore = cluster.resolve("truststore.p12");
    int port = freePort();
    // a VM address with the stores: allowed (the check does not bind anything)
    assertDoesNotThrow(() -> NodeStartup.checkClusterLink(node(keyStore, trustStore, password, port, port,
        "pekko.remote.artery.canonical.hostname=10.0.0.11")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NodeStartup.checkClusterLink(node(keyStore, trustStore, "wrong-password", port, port)));
    assertEquals("pekko.remote.artery.ssl.config-ssl-engine.key-store-password: does not open " + keyStore.toAbsolutePath()
        + " (SLUICE_TLS_PASSWORD)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> NodeStartup.checkClusterLink(node(trustStore, trustStore, password, port, port)));
    assertTrue(e.getMessage().startsWith("pekko.remote.artery.ssl.config-ssl-engine.key-store: " + trustStore.toAbsolutePath()
        + " holds no private key"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> NodeStartup.checkClusterLink(node(keyStore, keyStore, password, port, port)));
    assertTrue(e.getMessage().startsWith("pekko.remote.artery.ssl.config-ssl-engine.trust-store: " + keyStore.toAbsolutePath()
        + " holds no trusted certificate"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> NodeStartup.checkClusterLink(
        node(dir.resolve("missing.p12"), trustStore, password, port, port)));
    assertEquals("pekko.remote.artery.ssl.config-ssl-engine.key-store: no such file " + dir.resolve("missing.p12").toAbsolutePath()
        + " (SLUICE_TLS_KEY_STORE)", e.getMessage());
  }

  private static Set<Integer> upPorts(ActorSystem system) {
    Set<Integer> ports = new TreeSet<>();
    for (Member m : Cluster.get(system).state().getMembers()) {
      if (m.status() == MemberStatus.up()) ports.add((Integer) m.address().port().get());
    }
    return ports;
  }

  private static void awaitUp(ActorSystem system, Set<Integer> ports, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (upPorts(system).equals(new TreeSet<>(ports))) return;
      Thread.sleep(200);
    }
    throw new AssertionError("members Up " + upPorts(system) + ", expected " + ports + " within " + within);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
