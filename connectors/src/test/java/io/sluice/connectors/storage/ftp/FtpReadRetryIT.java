package io.sluice.connectors.storage.ftp;

import static io.sluice.connectors.storage.ftp.FtpStorageIT.await;
import static io.sluice.connectors.storage.ftp.FtpStorageIT.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.connectors.storage.StorageException;
import io.sluice.connectors.storage.StoredObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.event.Logging;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads whose data connections are reset mid-transfer (through a cutting proxy) still give exactly
 * the file's bytes, reopening at the offset reached and saying so at WARN.
 */
class FtpReadRetryIT {
  private static final int SIZE = 1_000_000;

  private static ActorSystem system;
  private static Materializer materializer;
  private static final List<String> warnings = new CopyOnWriteArrayList<>();

  @TempDir Path home;
  private FtpTestServer server;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create("FtpReadRetryIT");
    materializer = Materializer.matFromSystem(system);
    ActorRef listener = system.actorOf(Props.create(WarningCollector.class, WarningCollector::new));
    system.getEventStream().subscribe(listener, Logging.Warning.class);
  }

  @AfterAll
  static void stopSystem() {
    TestKit.shutdownActorSystem(system);
  }

  @BeforeEach
  void forgetEarlierWarnings() {
    warnings.clear();
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  /** Keeps the text of every WARN log event. */
  static final class WarningCollector extends AbstractActor {
    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(Logging.Warning.class, w -> warnings.add(String.valueOf(w.message())))
          .build();
    }
  }

  private StoredObject serve(byte[] content, int cuts, long cutAfterBytes) throws Exception {
    Files.write(home.resolve("cut.bin"), content);
    server = FtpTestServer.startCutting(home, cuts, cutAfterBytes);
    return new StoredObject(URI.create("ftp://127.0.0.1:" + server.port() + "/cut.bin"), content.length);
  }

  private static FtpSettings settings() {
    return FtpSettings.defaults()
        .withUser(FtpTestServer.USER)
        .withPassword(FtpTestServer.PASSWORD)
        .withRetryBackoff(Duration.ofMillis(20));
  }

  private static ByteString readAll(FtpStorage storage, StoredObject object, long offset) throws Exception {
    return await(storage.read(object, offset).runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), materializer));
  }

  @Test
  void aTransferCutMidWayStillYieldsExactlyTheFilesBytes() throws Exception {
    byte[] content = randomBytes(SIZE);
    StoredObject object = serve(content, 3, 150_000);
    FtpStorage storage = FtpStorage.create(system, settings());

    assertArrayEquals(content, readAll(storage, object, 0).toArray());
    assertEquals(3, server.transfersCut());
    awaitWarnings(3);
    assertTrue(warnings.stream().allMatch(w -> w.contains(object.uri().toString())), warnings.toString());
    assertTrue(warnings.stream().allMatch(w -> w.contains("reopening")), warnings.toString());
    assertTrue(warnings.get(0).contains("at offset "), warnings.get(0));
  }

  @Test
  void aCutReadFromAnOffsetResumesFromWhereItWas() throws Exception {
    byte[] content = randomBytes(SIZE);
    StoredObject object = serve(content, 2, 100_000);
    FtpStorage storage = FtpStorage.create(system, settings());

    byte[] expected = Arrays.copyOfRange(content, 400_001, SIZE);
    assertArrayEquals(expected, readAll(storage, object, 400_001).toArray());
    assertEquals(2, server.transfersCut());
  }

  @Test
  void givesUpAfterTheConfiguredNumberOfReopensWithoutProgress() throws Exception {
    // Every transfer is reset before its first byte: no reopen makes progress.
    StoredObject object = serve(randomBytes(SIZE), 100, 0);
    FtpStorage storage = FtpStorage.create(system, settings().withReadRetries(2));

    ExecutionException e = assertThrows(ExecutionException.class, () -> readAll(storage, object, 0));
    StorageException failure = assertInstanceOf(StorageException.class, e.getCause());
    assertTrue(failure.getMessage().contains("reading from offset 0"), failure.getMessage());
    assertEquals(3, server.transfersCut(), "the first transfer and two reopens");
  }

  private static void awaitWarnings(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (warnings.size() < count && System.nanoTime() < deadline) Thread.sleep(20);
    assertEquals(count, warnings.size(), warnings.toString());
  }
}
