package io.sluice.connectors.storage.sftp;

import com.typesafe.config.ConfigFactory;
import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.contract.DiskBackDoor;
import io.sluice.connectors.storage.contract.StorageContractSuite;
import io.sluice.connectors.storage.contract.StoreUnderTest;
import io.sluice.connectors.testing.DroppingProxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.ActorSystem;

/** The storage contract for SFTP, against an Apache MINA sshd server on loopback. */
class SftpStorageContractIT extends StorageContractSuite {

  @Override
  protected StoreUnderTest startStore(ActorSystem system, Path scratch) throws Exception {
    Path root = Files.createDirectories(scratch.resolve("sftp-root"));
    Files.createDirectories(root.resolve("contract"));
    SftpTestServer server = SftpTestServer.start(root);
    SftpSettings settings = SftpSettings.create(ConfigFactory.parseMap(Map.of(
            "user", SftpTestServer.USER,
            "password", SftpTestServer.PASSWORD,
            "known-hosts", server.knownHosts(scratch.resolve("known_hosts"), server.port()).toString())))
        .withRetryBackoff(Duration.ofMillis(20));
    Storage storage = SftpStorage.create(system, settings);
    DiskBackDoor disk = new DiskBackDoor(root.resolve("contract"));
    return new StoreUnderTest() {
      public Storage storage() { return storage; }
      public URI base() { return URI.create("sftp://127.0.0.1:" + server.port() + "/contract/"); }
      public void put(String relative, byte[] content) throws Exception { disk.put(relative, content); }
      public List<String> namesOnServer(String relativeDir) throws Exception { return disk.names(relativeDir); }
      public Optional<Cutting> cutting(int cuts, long afterBytes) throws Exception {
        DroppingProxy proxy = new DroppingProxy(server.port(), afterBytes, cuts);
        Path knownHosts = server.knownHosts(scratch.resolve("known_hosts_" + proxy.port()), proxy.port());
        Storage through = SftpStorage.create(system, settings.withKnownHosts(knownHosts));
        return Optional.of(new Cutting(through, URI.create("sftp://127.0.0.1:" + proxy.port() + "/contract/"),
            proxy::dropped, proxy));
      }
      public Optional<WrongSecret> withWrongSecret() {
        String wrong = "Wr0ng-Horse-" + System.nanoTime();
        return Optional.of(new WrongSecret(SftpStorage.create(system, settings.withPassword(wrong)), wrong,
            SftpTestServer.PASSWORD));
      }
      public void close() throws Exception { server.close(); }
    };
  }
}
