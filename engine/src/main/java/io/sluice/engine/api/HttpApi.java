package io.sluice.engine.api;

import io.sluice.engine.run.RunManager;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * Starts a node's HTTP server: on a coordinator node the API (contract §7) in front of its run
 * manager, with /health and /metrics; on a worker-only node /health and /metrics alone.
 */
public final class HttpApi {
  private HttpApi() {}

  /** Binds the API to {@code settings}' host and port; the stage fails when the port cannot be bound. */
  public static CompletionStage<ServerBinding> start(ActorSystem<?> system, ActorRef<RunManager.Command> manager,
      ApiSettings settings) {
    ApiRoutes routes = new ApiRoutes(system, manager, settings);
    return Http.get(system).newServerAt(settings.host(), settings.port())
        .bind(routes.route())
        .thenApply(binding -> {
          routes.boundTo(binding.localAddress().getPort());
          system.log().info("HTTP API listening on {} ({})", binding.localAddress(),
              settings.token().isPresent() ? "bearer token required" : "no token: loopback only");
          return binding;
        });
  }

  /**
   * Binds only {@code /health} and {@code /metrics}, for a node without the coordinator role:
   * nothing there needs a token; the Origin and Host checks apply as on the API.
   */
  public static CompletionStage<ServerBinding> startNodeRoutes(ActorSystem<?> system, String host, int port) {
    BrowserGuard browsers = new BrowserGuard(host, port);
    return Http.get(system).newServerAt(host, port).bind(browsers.route(() -> new NodeRoutes(system).route()))
        .thenApply(binding -> {
          browsers.boundTo(binding.localAddress().getPort());
          return binding;
        });
  }
}
