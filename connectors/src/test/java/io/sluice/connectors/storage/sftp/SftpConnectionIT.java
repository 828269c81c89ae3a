package io.sluice.connectors.storage.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sluice.connectors.storage.StorageException;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.connectors.testing.DroppingProxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.event.Logging;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connecting to SFTP servers: logins, host-key checking, failures that name the problem but never
 * the password, reads that survive broken connections, and the bound on open connections.
 */
class SftpConnectionIT {
  private static ActorSystem system;
  private static Materializer materializer;
  private static SftpTestServer server;
  private static Path knownHosts;

  @TempDir static Path serverRoot;
  @TempDir static Path clientDir;
  @TempDir Path testDir;

  @BeforeAll
  static void start() throws Exception {
    system = ActorSystem.create("SftpConnectionIT");
    materializer = Materializer.matFromSystem(system);
    server = SftpTestServer.start(serverRoot);
    knownHosts = server.knownHosts(clientDir.resolve("known_hosts"), server.port());
    server.put("/data/small.csv", "a,b\n1,2\n".getBytes());
  }

  @AfterAll
  static void stop() throws Exception {
    TestKit.shutdownActorSystem(system);
    server.close();
  }

  private static SftpSettings passwordSettings() {
    return SftpSettings.create(ConfigFactory.parseMap(Map.of(
        "user", SftpTestServer.USER,
        "password", SftpTestServer.PASSWORD,
        "known-hosts", knownHosts.toString())));
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static URI uri(int port, String serverPath) {
    return URI.create("sftp://127.0.0.1:" + port + serverPath);
  }

  /** The failure of listing {@code location} with {@code settings}, which must come within 15 s. */
  private static StorageException listingFailure(SftpSettings settings, URI location) {
    SftpStorage storage = SftpStorage.create(system, settings);
    long started = System.nanoTime();
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(storage.list(location)));
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(15), "took too long");
    StorageException failure = assertInstanceOf(StorageException.class, e.getCause());
    assertTrue(failure.getMessage().contains(location.getPath()), failure.getMessage());
    assertNoSecretIn(failure, SftpTestServer.PASSWORD);
    settings.password().ifPresent(password -> assertNoSecretIn(failure, password));
    return failure;
  }

  private static void assertNoSecretIn(Throwable failure, String secret) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains(secret), "a message shows the password: " + t);
    }
  }

  private static List<Object> warningsWhile(Runnable action) {
    TestKit probe = new TestKit(system);
    system.getEventStream().subscribe(probe.getRef(), Logging.Warning.class);
    try {
      action.run();
      return probe.receiveWhile(Duration.ofSeconds(3), Duration.ofMillis(500), 100,
          event -> ((Logging.Warning) event).message());
    } finally {
      system.getEventStream().unsubscribe(probe.getRef());
    }
  }

  @Test
  void logsInWithAPrivateKey() throws Exception {
    SftpSettings settings = SftpSettings.create(ConfigFactory.parseMap(Map.of(
        "user", SftpTestServer.USER,
        "private-key", server.clientKeyFile(testDir.resolve("id_ecdsa")).toString(),
        "known-hosts", knownHosts.toString())));
    List<StoredObject> found = await(SftpStorage.create(system, settings).list(uri(server.port(), "/data/")));
    assertEquals(1, found.size());
  }

  @Test
  void aWrongPasswordFailsNamingTheProblemButNotThePassword() {
    String wrong = "Wr0ng-Password-Typed";
    StorageException failure = listingFailure(
        passwordSettings().withPassword(wrong), uri(server.port(), "/data/"));
    assertTrue(failure.getMessage().contains("login as 'ana'"), failure.getMessage());
    assertTrue(failure.getMessage().contains("authentication failed"), failure.getMessage());
  }

  @Test
  void anUnknownHostNameFailsNamingIt() {
    StorageException failure = listingFailure(passwordSettings(), URI.create("sftp://no-such-host.invalid/data/"));
    assertTrue(failure.getMessage().contains("unknown host 'no-such-host.invalid'"), failure.getMessage());
  }

  @Test
  void aRefusedConnectionFailsNamingIt() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    StorageException failure = listingFailure(passwordSettings(), uri(closedPort, "/data/"));
    assertTrue(failure.getMessage().contains("refused"), failure.getMessage());
  }

  @Test
  void strictCheckingRefusesAnUnknownHostKey() throws Exception {
    Path emptyKnownHosts = Files.writeString(testDir.resolve("known_hosts"), "");
    StorageException failure = listingFailure(
        passwordSettings().withKnownHosts(emptyKnownHosts), uri(server.port(), "/data/"));
    assertTrue(failure.getMessage().contains("unknown host key"), failure.getMessage());
    assertTrue(failure.getMessage().contains("[127.0.0.1]:" + server.port()), failure.getMessage());
  }

  @Test
  void strictCheckingRefusesAChangedHostKey() throws Exception {
    Path otherKey = server.knownHostsWithAnotherKey(testDir.resolve("known_hosts"));
    StorageException failure = listingFailure(
        passwordSettings().withKnownHosts(otherKey), uri(server.port(), "/data/"));
    assertTrue(failure.getMessage().contains("host key mismatch"), failure.getMessage());
  }

  @Test
  void withoutStrictCheckingAnUnknownHostKeyIsAcceptedWithOneWarning() throws Exception {
    SftpStorage lenient = SftpStorage.create(system, passwordSettings()
        .withKnownHosts(testDir.resolve("absent_known_hosts"))
        .withStrictHostKeyChecking(false));
    List<Object> warnings = warningsWhile(() -> {
      try {
        // A read held open keeps its connection, so the listing must open a second one.
        SinkQueueWithCancel<ByteString> held = lenient.read(new StoredObject(uri(server.port(), "/data/small.csv"), 8), 0)
            .runWith(Sink.queue(), materializer);
        assertTrue(await(held.pull()).isPresent());
        assertEquals(1, await(lenient.list(uri(server.port(), "/data/"))).size());
        held.cancel();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    List<Object> accepting = warnings.stream()
        .filter(w -> String.valueOf(w).contains("accepting an unverified host key")).toList();
    assertEquals(1, accepting.size(), warnings.toString());
  }

  @Test
  void aReadThroughBrokenConnectionsResumesWithoutLosingOrRepeatingBytes() throws Exception {
    byte[] content = new byte[1024 * 1024];
    new Random(7).nextBytes(content);
    server.put("/big/big.bin", content);
    try (DroppingProxy proxy = new DroppingProxy(server.port(), 200_000, 3)) {
      Path proxyKnownHosts = server.knownHosts(testDir.resolve("known_hosts"), proxy.port());
      SftpStorage storage = SftpStorage.create(system, passwordSettings()
          .withKnownHosts(proxyKnownHosts)
          .withRetryBackoff(Duration.ofMillis(50)));
      StoredObject object = new StoredObject(uri(proxy.port(), "/big/big.bin"), content.length);
      List<ByteString> read = new ArrayList<>();
      List<Object> warnings = warningsWhile(() -> {
        try {
          read.add(await(storage.read(object, 0)
              .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), materializer)));
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      assertArrayEquals(content, read.get(0).toArray());
      assertEquals(3, proxy.dropped());
      List<Object> reopens = warnings.stream().filter(w -> String.valueOf(w).contains("reopening")).toList();
      assertEquals(3, reopens.size(), warnings.toString());
      assertTrue(String.valueOf(reopens.get(0)).contains("sftp://127.0.0.1:" + proxy.port() + "/big/big.bin at offset "),
          reopens.get(0).toString());
    }
  }

  @Test
  void aReadGivesUpAfterTheConfiguredRetries() throws Exception {
    byte[] content = new byte[1024 * 1024];
    server.put("/big/big2.bin", content);
    try (DroppingProxy proxy = new DroppingProxy(server.port(), 100_000, 100)) {
      SftpStorage storage = SftpStorage.create(system, passwordSettings()
          .withKnownHosts(server.knownHosts(testDir.resolve("known_hosts"), proxy.port()))
          .withRetryBackoff(Duration.ofMillis(10))
          .withReadRetries(0));
      StoredObject object = new StoredObject(uri(proxy.port(), "/big/big2.bin"), content.length);
      ExecutionException e = assertThrows(ExecutionException.class, () -> await(storage.read(object, 0)
          .runWith(Sink.ignore(), materializer)));
      StorageException failure = assertInstanceOf(StorageException.class, e.getCause());
      assertTrue(failure.getMessage().contains("/big/big2.bin"), failure.getMessage());
      assertNoSecretIn(failure, SftpTestServer.PASSWORD);
    }
  }

  @Test
  void neverOpensMoreThanMaxConnectionsAtOnce() throws Exception {
    try (SftpTestServer own = SftpTestServer.start(Files.createDirectories(testDir.resolve("root")))) {
      byte[] content = new byte[256 * 1024];
      new Random(3).nextBytes(content);
      own.put("/pool/file.bin", content);
      SftpStorage storage = SftpStorage.create(system, passwordSettings()
          .withKnownHosts(own.knownHosts(testDir.resolve("known_hosts"), own.port()))
          .withMaxConnections(2));
      StoredObject object = new StoredObject(uri(own.port(), "/pool/file.bin"), content.length);
      List<CompletableFuture<?>> work = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        work.add(storage.read(object, 0)
            .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), materializer)
            .toCompletableFuture());
        work.add(storage.list(uri(own.port(), "/pool/")).toCompletableFuture());
      }
      CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      for (int i = 0; i < work.size(); i += 2) {
        assertArrayEquals(content, ((ByteString) work.get(i).get()).toArray());
      }
      assertEquals(2, own.mostSessionsAtOnce());
    }
  }

  @Test
  void aCancelledReadGivesItsConnectionBack() throws Exception {
    server.put("/big/cancelled.bin", new byte[512 * 1024]);
    SftpStorage storage = SftpStorage.create(system, passwordSettings().withMaxConnections(1));
    StoredObject object = new StoredObject(uri(server.port(), "/big/cancelled.bin"), 512 * 1024);
    for (int i = 0; i < 3; i++) {
      assertEquals(1, await(storage.read(object, 0).take(1).runWith(Sink.seq(), materializer)).size());
      // With one connection allowed, this waits forever if the cancelled read kept it.
      assertEquals(1, await(storage.list(uri(server.port(), "/data/"))).size());
    }
  }

  @Test
  void anUnloadableKeyFileIsRefusedAtCreation() throws Exception {
    Path garbage = Files.writeString(testDir.resolve("id_garbage"), "not a key");
    SftpSettings settings = passwordSettings().withPrivateKey(garbage);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SftpStorage.create(system, settings));
    assertTrue(e.getMessage().startsWith("sftp.private-key:"), e.getMessage());
  }
}
