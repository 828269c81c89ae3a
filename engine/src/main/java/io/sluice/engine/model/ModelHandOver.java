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
  private static final AtomicReference<SoftReference<Offer>> OFFERED = new AtomicReference<>(new SoftReference<>(null));

  /** A model and the settings it was loaded with: the same bytes loaded otherwise may read other outputs. */
  private record Offer(LoadedModel model, ModelSettings settings) {
    boolean matches(String sha256, ModelSettings wanted) {
      return model.sha256().equals(sha256) && settings.equals(wanted);
    }
  }

  private ModelHandOver() {}

  static void offer(LoadedModel model, ModelSettings settings) {
    OFFERED.set(new SoftReference<>(new Offer(model, settings)));
  }

  /** The offered model if it has {@code sha256} and was loaded with {@code settings}; it stays offered. */
  static LoadedModel peek(String sha256, ModelSettings settings) {
    Offer offer = OFFERED.get().get();
    return offer != null && offer.matches(sha256, settings) ? offer.model() : null;
  }

  /** The offered model if it has {@code sha256} and was loaded with {@code settings}, taken: no one else gets it. */
  static LoadedModel take(String sha256, ModelSettings settings) {
    SoftReference<Offer> offered = OFFERED.get();
    Offer offer = offered.get();
    if (offer == null || !offer.matches(sha256, settings)) return null;
    return OFFERED.compareAndSet(offered, new SoftReference<>(null)) ? offer.model() : null;
  }
}
