package io.sluice.engine.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk store of registered jobs is the service account's alone. */
class DurableStoreFolderTest {
  @TempDir Path dir;

  private static Config config(String lmdbDir, int port) {
    return ConfigFactory.empty()
        .withValue("pekko.cluster.distributed-data.durable.keys", ConfigValueFactory.fromIterable(List.of("sluice-jobs")))
        .withValue(DurableStoreFolder.DIR, ConfigValueFactory.fromAnyRef(lmdbDir))
        .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port));
  }

  private static String permissions(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void aNewFolderIsCreatedOwnerOnly() throws Exception {
    Path store = dir.resolve("state/jobs");
    assertEquals(Optional.of(store), DurableStoreFolder.makePrivate(config(store.toString(), 25520), "sluice"));
    assertEquals("rwx------", permissions(store));
  }

  @Test
  void anExistingFolderAndItsFilesAreTightened() throws Exception {
    Path store = Files.createDirectories(dir.resolve("jobs"));
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path data = Files.writeString(store.resolve("data.mdb"), "x");
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rw-r--r--"));
    DurableStoreFolder.makePrivate(config(store.toString(), 25520), "sluice");
    assertEquals("rwx------", permissions(store));
    assertEquals("rw-------", permissions(data));
  }

  @Test
  void aFolderEndingInDdataIsNamedAsPekkoNamesIt() throws Exception {
    Path base = dir.resolve("ddata");
    Path made = DurableStoreFolder.makePrivate(config(base.toString(), 25520), "sluice").orElseThrow();
    assertEquals(dir.resolve("ddata-sluice-ddataReplicator-25520"), made);
    assertTrue(Files.isDirectory(made));
    assertEquals("rwx------", permissions(made));
    assertTrue(DurableStoreFolder.of(config(base.toString(), 0), "sluice").isEmpty(), "a port picked at start");
  }
}
