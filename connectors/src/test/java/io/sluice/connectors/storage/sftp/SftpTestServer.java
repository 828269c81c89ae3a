package io.sluice.connectors.storage.sftp;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.LoggerFactory;

/**
 * An Apache MINA SSHD SFTP server on loopback for the tests: a virtual root directory, one user
 * with a password and a generated key pair, and a count of the SSH sessions open at once.
 */
public final class SftpTestServer implements AutoCloseable {
  public static final String USER = "ana";
  public static final String PASSWORD = "Corr3ct-Horse-Battery";

  static {
    // Without a logback file the libraries log every packet at DEBUG; the tests need warnings only.
    // The tests break connections on purpose, which sshj and the server report at ERROR; the
    // store's own warnings go through Pekko's logging and stay visible.
    level(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.WARN);
    level("net.schmizz", Level.OFF);
    level("org.apache.sshd", Level.OFF);
  }

  private static void level(String logger, Level level) {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(logger)).setLevel(level);
  }

  private final SshServer sshd;
  private final Path root;
  private final KeyPair hostKey;
  private final KeyPair clientKey;
  private final AtomicInteger openSessions = new AtomicInteger();
  private final AtomicInteger mostSessionsAtOnce = new AtomicInteger();

  private SftpTestServer(Path root) throws GeneralSecurityException, IOException {
    this.root = root;
    this.hostKey = ecKeyPair();
    this.clientKey = ecKeyPair();
    sshd = SshServer.setUpDefaultServer();
    sshd.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    sshd.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
    sshd.setPublickeyAuthenticator(
        (user, key, session) -> USER.equals(user) && KeyUtils.compareKeys(key, clientKey.getPublic()));
    sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
    sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
    sshd.addSessionListener(new SessionListener() {
      @Override
      public void sessionCreated(Session session) {
        int open = openSessions.incrementAndGet();
        mostSessionsAtOnce.accumulateAndGet(open, Math::max);
      }

      @Override
      public void sessionClosed(Session session) {
        openSessions.decrementAndGet();
      }
    });
    sshd.start();
  }

  /** A started server serving {@code root}. */
  public static SftpTestServer start(Path root) throws Exception {
    return new SftpTestServer(root);
  }

  private static KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  public int port() {
    return sshd.getPort();
  }

  Path root() {
    return root;
  }

  /** The server-side file for an absolute server path. */
  Path file(String serverPath) {
    return root.resolve(serverPath.substring(1));
  }

  /** Writes {@code content} at an absolute server path, creating directories. */
  Path put(String serverPath, byte[] content) throws IOException {
    Path path = file(serverPath);
    Files.createDirectories(path.getParent());
    return Files.write(path, content);
  }

  /** A known_hosts file that lists this server's host key for loopback at each of {@code ports}. */
  public Path knownHosts(Path file, int... ports) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (int port : ports) {
      lines.append("[127.0.0.1]:").append(port).append(' ')
          .append(PublicKeyEntry.toString(hostKey.getPublic())).append('\n');
    }
    return Files.writeString(file, lines);
  }

  /** A known_hosts file that lists some other key for this server: what a changed key looks like. */
  Path knownHostsWithAnotherKey(Path file) throws Exception {
    return Files.writeString(file,
        "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(ecKeyPair().getPublic()) + "\n");
  }

  /** The client's private key, in OpenSSH format, for public-key login. */
  Path clientKeyFile(Path file) throws Exception {
    try (OutputStream out = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "sluice-test", null, out);
    }
    return file;
  }

  /** The most SSH sessions that were open at the same time. */
  int mostSessionsAtOnce() {
    return mostSessionsAtOnce.get();
  }

  @Override
  public void close() throws IOException {
    sshd.stop(true);
  }
}
