package io.sluice.engine.cli;

/** Removes a Ctrl-C hook once the command no longer needs it. */
final class ShutdownHooks {
  private ShutdownHooks() {}

  /** Removes {@code hook}, unless the JVM is already exiting: then the hook is running and finishes its work. */
  static void remove(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs now; it ends the command itself
    }
  }
}
