package io.sluice.connectors.storage.ftp;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.command.CommandFactoryFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.ClearTextPasswordEncryptor;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.TransferRatePermission;
import org.apache.ftpserver.usermanager.impl.WritePermission;
import org.slf4j.LoggerFactory;

/**
 * Apache FtpServer in-process on a free loopback port, with one user whose home is a test
 * directory; optionally explicit FTPS, and a PASV that routes some transfers through a cutting
 * proxy.
 */
public final class FtpTestServer implements AutoCloseable {
  public static final String USER = "ana";
  public static final String PASSWORD = "s3cret-Pa55";

  private final FtpServer server;
  private final int port;
  private final ConnectionCounter connections;
  private final CuttingPassiveCommand passive;

  private FtpTestServer(
      FtpServer server, int port, ConnectionCounter connections, CuttingPassiveCommand passive) {
    this.server = server;
    this.port = port;
    this.connections = connections;
    this.passive = passive;
  }

  /** A plain FTP server serving {@code home}. */
  public static FtpTestServer start(Path home) throws Exception {
    return start(home, null, false, 0, 0);
  }

  /**
   * A plain FTP server whose downloads run at most {@code bytesPerSecond} each: an input that
   * keeps a run in flight for as long as a test needs, in a real node process.
   */
  public static FtpTestServer startThrottled(Path home, int bytesPerSecond) throws Exception {
    return start(home, null, false, 0, 0, bytesPerSecond);
  }

  /** An FTPS server serving {@code home} with the key in {@code keyStore}: explicit or implicit TLS. */
  static FtpTestServer startTls(Path home, Path keyStore, boolean implicit) throws Exception {
    return start(home, keyStore, implicit, 0, 0);
  }

  /** A plain FTP server whose first {@code cuts} data connections reset after {@code cutAfterBytes}. */
  /** An FTPS server (explicit TLS) whose first {@code cuts} data connections reset after {@code cutAfterBytes}. */
  static FtpTestServer startTlsCutting(Path home, Path keyStore, int cuts, long cutAfterBytes) throws Exception {
    return start(home, keyStore, false, cuts, cutAfterBytes);
  }

  static FtpTestServer startCutting(Path home, int cuts, long cutAfterBytes) throws Exception {
    return start(home, null, false, cuts, cutAfterBytes);
  }

  private static FtpTestServer start(
      Path home, Path keyStore, boolean implicitTls, int cuts, long cutAfterBytes) throws Exception {
    return start(home, keyStore, implicitTls, cuts, cutAfterBytes, 0);
  }

  private static FtpTestServer start(Path home, Path keyStore, boolean implicitTls, int cuts, long cutAfterBytes,
      int downloadRate) throws Exception {
    quietServerLogs();
    FtpServerFactory factory = new FtpServerFactory();

    SslConfiguration ssl = keyStore == null ? null : ssl(keyStore);
    DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
    data.setPassiveAddress("127.0.0.1");
    data.setPassiveExternalAddress("127.0.0.1");
    if (ssl != null) data.setSslConfiguration(ssl);

    ListenerFactory listener = new ListenerFactory();
    listener.setServerAddress("127.0.0.1");
    listener.setPort(0);
    listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
    if (ssl != null) {
      listener.setSslConfiguration(ssl);
      listener.setImplicitSsl(implicitTls);
    }
    factory.addListener("default", listener.createListener());

    ConnectionConfigFactory limits = new ConnectionConfigFactory();
    limits.setMaxLogins(100);
    limits.setAnonymousLoginEnabled(false);
    factory.setConnectionConfig(limits.createConnectionConfig());

    factory.setUserManager(users(home, downloadRate));

    ConnectionCounter counter = new ConnectionCounter();
    // FtpServer clears this map when it stops: it must be mutable.
    factory.setFtplets(new HashMap<>(Map.of("counter", counter)));

    CuttingPassiveCommand passive = new CuttingPassiveCommand(cuts, cutAfterBytes);
    CommandFactoryFactory commands = new CommandFactoryFactory();
    commands.addCommand("PASV", passive);
    factory.setCommandFactory(commands.createCommandFactory());

    FtpServer server = factory.createServer();
    server.start();
    int port = ((DefaultFtpServer) server).getListener("default").getPort();
    return new FtpTestServer(server, port, counter, passive);
  }

  private static SslConfiguration ssl(Path keyStore) {
    SslConfigurationFactory ssl = new SslConfigurationFactory();
    ssl.setKeystoreFile(keyStore.toFile());
    ssl.setKeystoreType("PKCS12");
    ssl.setKeystorePassword(TestKeyStore.PASSWORD);
    ssl.setKeyPassword(TestKeyStore.PASSWORD);
    return ssl.createSslConfiguration();
  }

  private static UserManager users(Path home, int downloadRate) throws Exception {
    PropertiesUserManagerFactory factory = new PropertiesUserManagerFactory();
    factory.setPasswordEncryptor(new ClearTextPasswordEncryptor());
    UserManager users = factory.createUserManager();
    BaseUser user = new BaseUser();
    user.setName(USER);
    user.setPassword(PASSWORD);
    user.setHomeDirectory(home.toAbsolutePath().toString());
    List<Authority> authorities = List.of(new WritePermission(), new ConcurrentLoginPermission(100, 100),
        new TransferRatePermission(downloadRate, 0)); // 0: unlimited
    user.setAuthorities(authorities);
    users.save(user);
    return users;
  }

  /**
   * FtpServer and MINA log every command, and every failure these tests cause on purpose (resets,
   * refused logins, rejected certificates); what the tests check is the client's side.
   */
  private static void quietServerLogs() {
    ((Logger) LoggerFactory.getLogger("org.apache.ftpserver")).setLevel(Level.OFF);
    ((Logger) LoggerFactory.getLogger("org.apache.mina")).setLevel(Level.OFF);
  }

  public int port() {
    return port;
  }

  /** The most control connections open at once so far. */
  int peakConnections() {
    return connections.peak();
  }

  /** How many control connections were opened so far. */
  int connectionsOpened() {
    return connections.total();
  }

  /** Every USER and PASS command the server received so far ({@code "USER ana"}, {@code "PASS ..."}). */
  public List<String> loginsReceived() {
    return connections.logins();
  }

  /** How many data connections the cutting proxy has reset so far. */
  int transfersCut() {
    return passive.cuts();
  }

  @Override
  public void close() throws Exception {
    server.stop();
    passive.close();
  }
}
