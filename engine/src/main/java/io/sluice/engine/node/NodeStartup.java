package io.sluice.engine.node;

import com.typesafe.config.Config;
import io.sluice.engine.api.ApiSettings;
import java.nio.Buffer;

/** What a node checks before it starts, and the line it prints once it has. */
public final class NodeStartup {
  private NodeStartup() {}

  /**
   * Refuses to start a node whose JVM would die at the first registered job: the disk store of
   * registered jobs (LMDB) needs {@code java.nio} opened to it, which the {@code sluice} launcher
   * does. A program that embeds the node must pass the same options.
   */
  public static void checkModuleAccess(Config config) {
    boolean durable = config.hasPath("pekko.cluster.distributed-data.durable.keys")
        && !config.getStringList("pekko.cluster.distributed-data.durable.keys").isEmpty();
    if (durable && !Buffer.class.getModule().isOpen("java.nio", NodeStartup.class.getModule())) {
      throw new IllegalArgumentException("pekko.cluster.distributed-data.durable.keys: the disk store of registered jobs "
          + "needs the JVM options --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED "
          + "(the sluice launcher passes them); start the node with ./sluice node");
    }
  }

  /** "roles coordinator, worker; API http://127.0.0.1:7077; seeds [...]": what an operator checks first. */
  public static String describe(Config config) {
    NodeRoles roles = NodeRoles.of(config);
    String http = "http://" + ApiSettings.host(config) + ":" + ApiSettings.port(config);
    StringBuilder line = new StringBuilder("roles ");
    line.append(roles.coordinator() && roles.worker() ? "coordinator, worker" : roles.coordinator() ? "coordinator" : "worker");
    line.append(roles.coordinator() ? "; API " + http : "; /health and /metrics on " + http);
    var seeds = config.getStringList("pekko.cluster.seed-nodes");
    line.append("; seeds ").append(seeds.isEmpty() ? "none (a cluster of its own)" : String.join(", ", seeds));
    return line.toString();
  }

  /**
   * Refuses a node whose cluster link would listen on a non-loopback address in plaintext: anyone
   * who reaches its port could join the cluster and send its actors messages. On such an address
   * the link must be {@code tls-tcp} with mutual authentication (the key stores of
   * {@code sluice.security.cluster-tls}, made by {@code cluster-config/make-cluster-keys.sh}),
   * unless {@code sluice.security.allow-plaintext-cluster} is on. Also refuses TLS key stores that
   * cannot be opened. Problems are IllegalArgumentExceptions whose message starts with the key.
   */
  public static void checkClusterLink(Config config) {
    ClusterTls.check(config);
  }
}
