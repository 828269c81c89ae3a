package io.sluice.engine.node;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * What this node does: whether it is a cluster member, hosts the run manager and the API
 * ({@code coordinator}), and runs partitions ({@code worker}). A node outside a cluster does both.
 */
public record NodeRoles(boolean clustered, boolean coordinator, boolean worker) {
  public static final String COORDINATOR = "coordinator";
  public static final String WORKER = "worker";

  /** The roles configured for {@code system}; refuses unknown or missing roles by key. */
  public static NodeRoles of(ActorSystem<?> system) {
    return of(system.settings().config());
  }

  /** The roles a node configuration asks for; refuses unknown or missing roles by key. */
  public static NodeRoles of(Config config) {
    if (!config.getString("pekko.actor.provider").equals("cluster")) return new NodeRoles(false, true, true);
    List<String> roles = config.getStringList("pekko.cluster.roles");
    for (String role : roles) {
      if (!Set.of(COORDINATOR, WORKER).contains(role)) {
        throw new IllegalArgumentException("pekko.cluster.roles: unknown role '" + role + "' (coordinator, worker)");
      }
    }
    if (roles.isEmpty()) throw new IllegalArgumentException("pekko.cluster.roles: a node needs coordinator, worker or both");
    return new NodeRoles(true, roles.contains(COORDINATOR), roles.contains(WORKER));
  }
}
