package io.sluice.engine.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.engine.services.NodeServices;
import io.sluice.engine.run.ManagerMemory;
import io.sluice.engine.run.RunManager;
import io.sluice.engine.work.PartitionWorker;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ServerBinding;

/** A real single node for tests: run manager, partition worker and the HTTP API on a free port with a token. */
public final class TestApiNode implements AutoCloseable {
  public static final String TOKEN = "s3cr3t-test-token-of-at-least-32-characters";
  private final ActorTestKit testKit;
  private final ActorRef<RunManager.Command> manager;
  private final ServerBinding binding;

  public TestApiNode() {
    this(NodeServices::create);
  }

  /** A node with {@code config} over the usual configuration (sluice.security, sluice.secrets, ...). */
  public TestApiNode(Config config) {
    this(config, NodeServices::create);
  }

  /** A node whose stores come from {@code servicesFor}, e.g. slow ones so that a run stays in flight. */
  public TestApiNode(Function<ActorSystem<?>, NodeServices> servicesFor) {
    this(ConfigFactory.empty(), servicesFor);
  }

  private TestApiNode(Config config, Function<ActorSystem<?>, NodeServices> servicesFor) {
    testKit = config.isEmpty() ? ActorTestKit.create() : ActorTestKit.create(config.withFallback(ConfigFactory.load()));
    NodeServices services = servicesFor.apply(testKit.system());
    manager = testKit.spawn(RunManager.create(services, ManagerMemory.NONE, ZoneId.of("UTC")), "run-manager");
    testKit.spawn(PartitionWorker.create(services), "partition-worker");
    binding = HttpApi.start(testKit.system(), manager,
        new ApiSettings("127.0.0.1", 0, Optional.of(TOKEN), Duration.ofSeconds(30))).toCompletableFuture().join();
  }

  /** The API's base URL, {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  /** The node's run manager, to ask what it keeps. */
  public ActorRef<RunManager.Command> manager() {
    return manager;
  }

  public ActorTestKit testKit() {
    return testKit;
  }

  @Override
  public void close() {
    binding.unbind().toCompletableFuture().join();
    testKit.shutdownTestKit();
  }
}
