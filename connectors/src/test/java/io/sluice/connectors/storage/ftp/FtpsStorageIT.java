package io.sluice.connectors.storage.ftp;

import static io.sluice.connectors.storage.ftp.FtpStorageIT.await;
import static io.sluice.connectors.storage.ftp.FtpStorageIT.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.connectors.storage.StagedWrite;
import io.sluice.connectors.storage.StorageException;
import io.sluice.connectors.storage.StoredObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store over explicit FTPS (AUTH TLS, protected data connections) with a test-made certificate. */
class FtpsStorageIT {
  @TempDir static Path home;
  @TempDir static Path keys;
  private static Path keyStore;
  private static FtpTestServer server;
  private static ActorSystem system;
  private static Materializer materializer;

  @BeforeAll
  static void start() throws Exception {
    keyStore = TestKeyStore.create(keys.resolve("server.p12"));
    server = FtpTestServer.startTls(home, keyStore, false);
    system = ActorSystem.create("FtpsStorageIT");
    materializer = Materializer.matFromSystem(system);
  }

  @AfterAll
  static void stop() throws Exception {
    TestKit.shutdownActorSystem(system);
    server.close();
  }

  private static FtpSettings settings() {
    return FtpSettings.defaults()
        .withUser(FtpTestServer.USER)
        .withPassword(FtpTestServer.PASSWORD)
        .withTrustStore(keyStore, TestKeyStore.PASSWORD);
  }

  private static URI uri(String path) {
    return URI.create("ftps://127.0.0.1:" + server.port() + path);
  }

  @Test
  void listsReadsWritesCommitsAndDeletesOverTls() throws Exception {
    FtpStorage storage = FtpStorage.create(system, settings());
    byte[] content = randomBytes(200_000);
    Files.createDirectories(home.resolve("in"));
    Files.write(home.resolve("in/data.bin"), content);

    List<StoredObject> listed = await(storage.list(uri("/in/")));
    assertEquals(List.of(new StoredObject(uri("/in/data.bin"), content.length)), listed);
    ByteString read =
        await(storage.read(listed.get(0), 100).runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), materializer));
    assertArrayEquals(java.util.Arrays.copyOfRange(content, 100, content.length), read.toArray());

    StagedWrite staged =
        await(Source.single(ByteString.fromArray(content)).runWith(storage.write(uri("/out/copy.bin")), materializer));
    assertFalse(Files.exists(home.resolve("out/copy.bin")));
    await(staged.commit());
    assertArrayEquals(content, Files.readAllBytes(home.resolve("out/copy.bin")));

    await(storage.delete(uri("/out/copy.bin")));
    assertFalse(Files.exists(home.resolve("out/copy.bin")));
  }

  @Test
  void speaksImplicitTlsWhenAsked() throws Exception {
    Files.writeString(home.resolve("implicit.txt"), "over TLS from the first byte");
    try (FtpTestServer implicit = FtpTestServer.startTls(home, keyStore, true)) {
      FtpStorage storage = FtpStorage.create(system, settings().withImplicitTls(true));
      URI location = URI.create("ftps://127.0.0.1:" + implicit.port() + "/implicit.txt");
      StoredObject object = await(storage.list(location)).get(0);
      ByteString read =
          await(storage.read(object, 0).runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), materializer));
      assertEquals("over TLS from the first byte", read.utf8String());
    }
  }

  @Test
  void refusesAServerItsTrustStoreDoesNotVouchFor() {
    FtpStorage untrusting = FtpStorage.create(system, settings().withDefaultTrustStore());
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(untrusting.list(uri("/"))));
    StorageException failure = assertInstanceOf(StorageException.class, e.getCause());
    assertTrue(failure.getMessage().contains("TLS"), failure.getMessage());
    FtpStorageIT.assertNoSecretIn(failure, FtpTestServer.PASSWORD);
  }
}
