package io.sluice.engine.cli;

import com.typesafe.config.Config;
import io.sluice.engine.api.ApiSettings;
import io.sluice.engine.job.AllowedLocations;
import io.sluice.engine.job.JobException;
import io.sluice.engine.node.DurableStoreFolder;
import io.sluice.engine.node.NodeConfig;
import io.sluice.engine.node.NodeRoles;
import io.sluice.engine.node.NodeStartup;
import io.sluice.engine.node.SluiceNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * {@code sluice node}: checks the node configuration (roles, API address and token, the cluster
 * link) before starting, then serves until the node is stopped (SIGTERM leaves the cluster gracefully).
 */
final class NodeCommand {
  private NodeCommand() {}

  static int run(Path file, List<String> sets, PrintStream out) {
    Config config = NodeConfig.load(file, sets);
    try {
      if (NodeRoles.of(config).coordinator()) ApiSettings.create(config);
      NodeStartup.checkModuleAccess(config);
      AllowedLocations.of(config); // a wrong entry is exit 2 naming the key, not a failed API
      DurableStoreFolder.makePrivate(config, "sluice");
      NodeStartup.checkClusterLink(config);
    } catch (IllegalArgumentException e) {
      throw new JobException(file.toString(), e.getMessage());
    }
    ActorSystem<SluiceNode.Command> system = ActorSystem.create(SluiceNode.create(), "sluice", config);
    out.println("sluice node " + system.address() + " started with " + file + " (" + NodeStartup.describe(config) + ")");
    system.getWhenTerminated().toCompletableFuture().join();
    return 0;
  }
}
