package io.sluice.connectors.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.connectors.storage.local.LocalStorage;
import java.net.URI;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Choosing a store by URI scheme. */
class StoragesTest {
  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("StoragesTest");
  }

  @AfterAll
  static void stop() {
    TestKit.shutdownActorSystem(system);
  }

  @Test
  void servesFileUrisLocally() {
    assertInstanceOf(
        LocalStorage.class, Storages.create(system).forUri(URI.create("file:///data/in.csv")));
    assertInstanceOf(
        LocalStorage.class, Storages.create(system).forUri(URI.create("FILE:///data/in.csv")));
  }

  @Test
  void namesTheSupportedSchemesWhenOneIsNot() {
    StorageException e =
        assertThrows(
            StorageException.class,
            () -> Storages.create(system).forUri(URI.create("s3://ana:secret@bucket/in/")));
    assertEquals("s3://bucket/in/: unsupported scheme 's3' (supported: file)", e.getMessage());
  }

  @Test
  void servesSchemesAddedLater() {
    Storage local = LocalStorage.create(system);
    Storages storages = Storages.create(system).with("s3", local);
    assertSame(local, storages.forUri(URI.create("s3://bucket/key")));
    StorageException e =
        assertThrows(StorageException.class, () -> storages.forUri(URI.create("ftp://host/dir")));
    assertEquals("ftp://host/dir: unsupported scheme 'ftp' (supported: file, s3)", e.getMessage());
  }
}
