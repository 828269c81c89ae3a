package io.sluice.connectors.storage.local;

import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.contract.DiskBackDoor;
import io.sluice.connectors.storage.contract.StorageContractSuite;
import io.sluice.connectors.storage.contract.StoreUnderTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.ActorSystem;

/** The storage contract for local files. */
class LocalStorageContractTest extends StorageContractSuite {

  @Override
  protected StoreUnderTest startStore(ActorSystem system, Path scratch) throws Exception {
    Path root = Files.createDirectories(scratch.resolve("local"));
    Storage storage = LocalStorage.create(system);
    DiskBackDoor disk = new DiskBackDoor(root);
    return new StoreUnderTest() {
      public Storage storage() { return storage; }
      public URI base() { return root.toUri(); }
      public void put(String relative, byte[] content) throws Exception { disk.put(relative, content); }
      public List<String> namesOnServer(String relativeDir) throws Exception { return disk.names(relativeDir); }
      public Optional<Cutting> cutting(int cuts, long afterBytes) { return Optional.empty(); }
      public Optional<WrongSecret> withWrongSecret() { return Optional.empty(); }
      public void close() {}
    };
  }
}
