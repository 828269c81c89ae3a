package io.sluice.engine.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.engine.services.NodeServices;
import io.sluice.engine.node.SluiceNode;
import io.sluice.engine.run.RunManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/** Several real Sluice nodes (actor systems) in this JVM forming one cluster on loopback. */
public final class TestCluster implements AutoCloseable {
  private final List<ActorSystem<SluiceNode.Command>> nodes = new ArrayList<>();
  /** Binding attempts for the seed node: a port found free may be taken by another socket before the node binds it. */
  private static final int SEED_BINDS = 5;
  private int seedPort;

  /**
   * Starts a node with these roles; the first node started is the seed, on a port found free (tried again on
   * another if something took it meanwhile), the others on a port the system picks.
   */
  public ActorSystem<SluiceNode.Command> start(String roles, Function<ActorSystem<?>, NodeServices> services) {
    if (!nodes.isEmpty()) return start(roles, services, 0);
    for (int attempt = 1; ; attempt++) {
      seedPort = freePort();
      try {
        return start(roles, services, seedPort);
      } catch (RuntimeException e) {
        if (attempt == SEED_BINDS || !bindFailure(e)) throw e;
      }
    }
  }

  private ActorSystem<SluiceNode.Command> start(String roles, Function<ActorSystem<?>, NodeServices> services, int port) {
    Config config = ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = %d
        pekko.cluster.seed-nodes = ["pekko://sluice@127.0.0.1:%d"]
        pekko.cluster.roles = [%s]
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.cluster.downing-provider-class = "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"
        pekko.cluster.split-brain-resolver.stable-after = 3s
        pekko.coordinated-shutdown.exit-jvm = off
        pekko.coordinated-shutdown.terminate-actor-system = on
        sluice.api.port = 0
        """.formatted(port, seedPort, roles)).withFallback(ConfigFactory.load());
    ActorSystem<SluiceNode.Command> node = ActorSystem.create(SluiceNode.create(services), "sluice", config);
    nodes.add(node);
    return node;
  }

  /** Waits until {@code count} members are Up, as seen from the first node. */
  public void awaitUp(int count, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      long up = 0;
      for (var m : Cluster.get(nodes.get(0)).state().getMembers()) if (m.status() == MemberStatus.up()) up++;
      if (up >= count) return;
      Thread.sleep(100);
    }
    throw new AssertionError(count + " nodes not up within " + within);
  }

  /** The run manager as seen from {@code node}: the cluster singleton's proxy. */
  public static ActorRef<RunManager.Command> manager(ActorSystem<SluiceNode.Command> node) {
    return AskPattern.<SluiceNode.Command, ActorRef<RunManager.Command>>ask(node, SluiceNode.GetRunManager::new,
        Duration.ofSeconds(10), node.scheduler()).toCompletableFuture().join();
  }

  /** Asks {@code node}'s view of the run manager. */
  public static <T> T ask(ActorSystem<SluiceNode.Command> node, Function<ActorRef<T>, RunManager.Command> message,
      Duration timeout) {
    return AskPattern.<RunManager.Command, T>ask(manager(node), message::apply, timeout, node.scheduler())
        .toCompletableFuture().join();
  }

  @Override
  public void close() {
    for (ActorSystem<?> node : nodes) node.terminate();
    for (ActorSystem<?> node : nodes) node.getWhenTerminated().toCompletableFuture().join();
  }

  private static boolean bindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).contains("Failed to bind")) return true;
    }
    return false;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
