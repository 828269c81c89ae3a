package io.sluice.connectors.stores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StorageException;
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
            () -> Storages.create(system).forUri(URI.create("gopher://ana:secret@host/in/")));
    assertEquals("gopher://host/in/: unsupported scheme 'gopher' (supported: file, ftp, ftps, s3, sftp)", e.getMessage());
  }

  @Test
  void servesSchemesAddedLater() {
    Storage local = LocalStorage.create(system);
    Storages storages = Storages.create(system).with("mem", local);
    assertSame(local, storages.forUri(URI.create("mem://bucket/key")));
    StorageException e =
        assertThrows(StorageException.class, () -> storages.forUri(URI.create("hdfs://host/dir")));
    assertEquals("hdfs://host/dir: unsupported scheme 'hdfs' (supported: file, ftp, ftps, mem, s3, sftp)", e.getMessage());
  }
}
