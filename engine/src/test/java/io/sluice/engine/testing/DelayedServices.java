package io.sluice.engine.testing;

import io.sluice.connectors.stores.Storages;
import io.sluice.engine.services.NodeServices;
import io.sluice.engine.plan.JobPreparation;
import java.net.URI;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/** A node's real services whose local files go through a {@link DelayedStorage}. */
public final class DelayedServices {
  private DelayedServices() {}

  /** The services, with the delayed store handed to {@code store} so that a test can count its writes. */
  public static NodeServices create(ActorSystem<?> system, Duration writeDelay, java.util.function.Consumer<DelayedStorage> store) {
    NodeServices plain = NodeServices.create(system);
    DelayedStorage delayed = new DelayedStorage(plain.storages().forUri(URI.create("file:///")), writeDelay);
    store.accept(delayed);
    Storages storages = plain.storages().with("file", delayed);
    return new NodeServices(storages, plain.materializer(), plain.blocking(),
        new JobPreparation(storages, plain.materializer(), plain.blocking()));
  }
}
