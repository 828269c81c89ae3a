package io.sluice.connectors.storage.ftp;

import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.contract.DiskBackDoor;
import io.sluice.connectors.storage.contract.StoreUnderTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.ActorSystem;

/** An FTP or FTPS test server (Apache FtpServer on loopback) and a store logged in to it. */
final class FtpStoreUnderTest implements StoreUnderTest {
  private final ActorSystem system;
  private final Path home;
  private final Path keyStore;
  private final FtpTestServer server;
  private final FtpSettings settings;
  private final FtpStorage storage;
  private final DiskBackDoor disk;

  private FtpStoreUnderTest(ActorSystem system, Path home, Path keyStore) throws Exception {
    this.system = system;
    this.home = home;
    this.keyStore = keyStore;
    this.server = keyStore == null ? FtpTestServer.start(home) : FtpTestServer.startTls(home, keyStore, false);
    FtpSettings plain = FtpSettings.defaults()
        .withUser(FtpTestServer.USER)
        .withPassword(FtpTestServer.PASSWORD)
        .withRetryBackoff(Duration.ofMillis(20));
    this.settings = keyStore == null ? plain : plain.withTrustStore(keyStore, TestKeyStore.PASSWORD);
    this.storage = FtpStorage.create(system, settings);
    this.disk = new DiskBackDoor(home.resolve("contract"));
  }

  /** Plain FTP when {@code tls} is false, else FTPS with explicit TLS and a server key made for the test. */
  static FtpStoreUnderTest start(ActorSystem system, Path scratch, boolean tls) throws Exception {
    Path home = Files.createDirectories(scratch.resolve("ftp-home"));
    Files.createDirectories(home.resolve("contract"));
    Path keyStore = tls ? TestKeyStore.create(scratch.resolve("server.p12")) : null;
    return new FtpStoreUnderTest(system, home, keyStore);
  }

  private String scheme() {
    return keyStore == null ? "ftp" : "ftps";
  }

  @Override
  public Storage storage() {
    return storage;
  }

  @Override
  public URI base() {
    return URI.create(scheme() + "://127.0.0.1:" + server.port() + "/contract/");
  }

  @Override
  public void put(String relative, byte[] content) throws Exception {
    disk.put(relative, content);
  }

  @Override
  public List<String> namesOnServer(String relativeDir) throws Exception {
    return disk.names(relativeDir);
  }

  @Override
  public Optional<Cutting> cutting(int cuts, long afterBytes) throws Exception {
    FtpTestServer cutting = keyStore == null
        ? FtpTestServer.startCutting(home, cuts, afterBytes)
        : FtpTestServer.startTlsCutting(home, keyStore, cuts, afterBytes);
    Storage through = FtpStorage.create(system, settings);
    return Optional.of(new Cutting(through, URI.create(scheme() + "://127.0.0.1:" + cutting.port() + "/contract/"),
        cutting::transfersCut, cutting));
  }

  @Override
  public Optional<WrongSecret> withWrongSecret() {
    String wrong = "wr0ng-Pa55-" + System.nanoTime();
    return Optional.of(new WrongSecret(FtpStorage.create(system, settings.withPassword(wrong)), wrong, FtpTestServer.PASSWORD));
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
