package io.sluice.engine.api;

import io.sluice.engine.metrics.Metrics;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What every node serves about itself, whatever its roles: {@code GET /health} and
 * {@code GET /metrics}. Coordinator nodes serve them beside the API; worker-only nodes serve
 * only these, so that every VM can be health-checked and scraped.
 */
final class NodeRoutes extends AllDirectives {
  private static final ContentType PROMETHEUS_TEXT = ContentTypes.parse(Metrics.CONTENT_TYPE);

  private final ActorSystem<?> system;

  NodeRoutes(ActorSystem<?> system) {
    this.system = system;
  }

  Route route() {
    return concat(
        path("health", () -> get(this::health)),
        path("metrics", () -> get(() -> complete(HttpEntities.create(PROMETHEUS_TEXT,
            Metrics.get(system).prometheusText().getBytes(StandardCharsets.UTF_8))))));
  }

  private Route health() {
    return NodeHealth.problem(system)
        .map(problem -> complete(StatusCodes.SERVICE_UNAVAILABLE, problem))
        .orElseGet(() -> complete(StatusCodes.OK, "OK"));
  }
}
