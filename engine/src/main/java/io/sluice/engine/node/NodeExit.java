package io.sluice.engine.node;

import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a node whose configuration cannot work (a port in use, say) with exit code 2, the
 * contract's code for an invalid configuration, so that a service manager does not restart it
 * in a loop ({@code RestartPreventExitStatus=2} in the systemd unit).
 */
final class NodeExit {
  private static final Logger LOG = LoggerFactory.getLogger(NodeExit.class);
  static final int INVALID_CONFIGURATION = 2;

  private NodeExit() {}

  static void refuse(ActorSystem<?> system, String problem) {
    LOG.error(problem);
    System.err.println("error: " + problem);
    if (system.settings().config().getBoolean("pekko.coordinated-shutdown.exit-jvm")) {
      // System.exit runs Pekko's shutdown hook (leave the cluster), then ends the JVM with this code.
      // Not on an actor's thread: exit waits for that hook, which needs the dispatcher.
      new Thread(() -> System.exit(INVALID_CONFIGURATION), "sluice-node-exit").start();
    } else {
      system.terminate(); // a node embedded in a larger program (tests) does not own the JVM
    }
  }
}
