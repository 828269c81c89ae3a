package io.sluice.engine.model;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads ND4J's native backend on a background thread, so that the second or so it takes overlaps starting the
 * actor system and reading the job instead of delaying the first model load.
 */
public final class NativeWarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(NativeWarmUp.class);

  private NativeWarmUp() {}

  /** Starts loading the backend; returns at once. */
  public static void start() {
    Thread thread = new Thread(NativeWarmUp::load, "nd4j-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  private static void load() {
    try {
      Nd4j.scalar(0f).close();
    } catch (Throwable e) {
      // The model load meets the same failure later, where it reports it; only the first cause is told here.
      LOG.warn("loading ND4J's native backend failed: {}", e.toString());
    }
  }
}
