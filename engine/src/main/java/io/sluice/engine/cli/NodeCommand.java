package io.sluice.engine.cli;

import com.typesafe.config.Config;
import io.sluice.engine.node.NodeConfig;
import io.sluice.engine.node.SluiceNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;

/** {@code sluice node}: starts a cluster node and serves until it is stopped (SIGTERM leaves gracefully). */
final class NodeCommand {
  private NodeCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    Path file = Path.of(System.getProperty("sluice.home", "."), "cluster-config", "node.conf");
    List<String> sets = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if ((a.equals("--config") || a.equals("--set")) && i + 1 >= args.size()) throw new UsageException(a + " needs a value");
      if (a.equals("--config")) file = Path.of(args.get(++i));
      else if (a.equals("--set")) sets.add(args.get(++i));
      else throw new UsageException("unknown argument to node: " + a);
    }
    Config config = NodeConfig.load(file, sets);
    ActorSystem<SluiceNode.Command> system = ActorSystem.create(SluiceNode.create(), "sluice", config);
    out.println("sluice node " + system.address() + " started with " + file);
    system.getWhenTerminated().toCompletableFuture().join();
    return 0;
  }
}
