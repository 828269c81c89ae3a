package io.sluice.engine.model;

import java.lang.ref.SoftReference;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Passes the model a run's preparation loaded on to the first model pool on the same node that needs the same
 * bytes, so that a local run parses its model file once, not twice.
 *
 * <p>At most one model waits here, softly held: a node that prepares runs but never runs their partitions keeps
 * one model until the next preparation replaces it or the heap runs short.
 */
final class ModelHandOver {
  private static final AtomicReference<SoftReference<LoadedModel>> OFFERED = new AtomicReference<>(new SoftReference<>(null));

  private ModelHandOver() {}

  static void offer(LoadedModel model) {
    OFFERED.set(new SoftReference<>(model));
  }

  /** The offered model if it has {@code sha256}; it stays offered. */
  static LoadedModel peek(String sha256) {
    LoadedModel model = OFFERED.get().get();
    return model != null && model.sha256().equals(sha256) ? model : null;
  }

  /** The offered model if it has {@code sha256}, taken: no one else gets it. */
  static LoadedModel take(String sha256) {
    SoftReference<LoadedModel> offered = OFFERED.get();
    LoadedModel model = offered.get();
    if (model == null || !model.sha256().equals(sha256)) return null;
    return OFFERED.compareAndSet(offered, new SoftReference<>(null)) ? model : null;
  }
}
