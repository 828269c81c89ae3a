package io.sluice.engine.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.engine.node.SluiceNode;
import io.sluice.engine.run.RunManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/** A single-node Sluice in this JVM, configured by {@code cluster-config/local.conf}, for {@code run} and {@code demo}. */
final class EmbeddedEngine implements AutoCloseable {
  private final ActorSystem<SluiceNode.Command> system;
  private final ActorRef<RunManager.Command> manager;

  private EmbeddedEngine(Config config) {
    system = ActorSystem.create(SluiceNode.create(), "sluice", config);
    manager = AskPattern.<SluiceNode.Command, ActorRef<RunManager.Command>>ask(system,
        SluiceNode.GetRunManager::new, Duration.ofSeconds(10), system.scheduler()).toCompletableFuture().join();
  }

  /** Starts a node with the local configuration found under the Sluice home, if any. */
  static EmbeddedEngine start() {
    return new EmbeddedEngine(localConfig());
  }

  static Config localConfig() {
    Path local = Path.of(System.getProperty("sluice.home", ".")).resolve("cluster-config/local.conf");
    Config base = ConfigFactory.load();
    return Files.isRegularFile(local) ? ConfigFactory.parseFile(local.toFile()).withFallback(base).resolve() : base;
  }

  ActorSystem<SluiceNode.Command> system() {
    return system;
  }

  /** Asks the run manager and waits for the answer. */
  <T> T ask(Function<ActorRef<T>, RunManager.Command> message, Duration timeout) {
    CompletionStage<T> reply = AskPattern.ask(manager, message::apply, timeout, system.scheduler());
    return reply.toCompletableFuture().join();
  }

  @Override
  public void close() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
