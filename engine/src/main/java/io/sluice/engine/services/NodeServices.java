package io.sluice.engine.services;

import io.sluice.connectors.stores.Storages;
import io.sluice.engine.plan.JobPreparation;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.stream.Materializer;

/**
 * What the actors of one node share: the stores, a materializer for streams, an executor for
 * blocking work, and job preparation built on them.
 */
public record NodeServices(Storages storages, Materializer materializer, Executor blocking, JobPreparation preparation) {

  /** The services of the node that runs {@code system}. */
  public static NodeServices create(ActorSystem<?> system) {
    Storages storages = Storages.create(system);
    Materializer materializer = Materializer.matFromSystem(system);
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    return new NodeServices(storages, materializer, blocking, new JobPreparation(storages, materializer, blocking));
  }
}
