package io.sluice.connectors.storage.sftp.impl;

import io.sluice.connectors.storage.sftp.SftpSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthKeyboardInteractive;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.method.PasswordResponseProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;
import org.apache.pekko.event.LoggingAdapter;

/** Internal API: opens, verifies and logs in SSH connections with sshj (blocking calls). */
public final class SftpConnector {
  private final SftpSettings settings;
  private final Config sshConfig;
  private final KeyProvider privateKey;
  private final LoggingAdapter log;
  private final Set<String> warnedHosts = ConcurrentHashMap.newKeySet();

  private SftpConnector(SftpSettings settings, Config sshConfig, KeyProvider privateKey, LoggingAdapter log) {
    this.settings = settings;
    this.sshConfig = sshConfig;
    this.privateKey = privateKey;
    this.log = log;
  }

  /**
   * A connector for {@code settings}; the private key, if any, is parsed now.
   *
   * @throws IllegalArgumentException naming {@code sftp.private-key} when the key cannot be loaded
   */
  public static SftpConnector create(SftpSettings settings, LoggingAdapter log) {
    // Building the algorithm lists is not free; one config serves every connection.
    Config sshConfig = new DefaultConfig();
    KeyProvider key = settings.privateKey().map(path -> loadKey(sshConfig, path.toString())).orElse(null);
    return new SftpConnector(settings, sshConfig, key, log);
  }

  private static KeyProvider loadKey(Config sshConfig, String path) {
    try (SSHClient loader = new SSHClient(sshConfig)) {
      KeyProvider key = loader.loadKeys(path);
      key.getPrivate(); // parse now, so that a bad key fails the job before any data is read
      return key;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "sftp.private-key: cannot load the key in '" + path + "' (an unencrypted OpenSSH, PEM or PuTTY key is needed): " + e.getMessage(), e);
    }
  }

  /** A connected, verified, logged-in connection with an SFTP session. */
  public SftpConnection open(SftpEndpoint endpoint) throws SftpConnectException {
    SSHClient ssh = new SSHClient(sshConfig);
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis());
    ssh.setConnectTimeout(timeoutMs);
    ssh.getTransport().setTimeoutMs(timeoutMs); // key exchange and each login step
    try {
      KnownHostsVerifier verifier = verifier();
      ssh.addHostKeyVerifier(verifier);
      connect(ssh, endpoint, verifier);
      logIn(ssh, endpoint);
      SFTPClient sftp = startSftp(ssh, endpoint);
      return new SftpConnection(endpoint, ssh, sftp);
    } catch (SftpConnectException e) {
      closeQuietly(ssh);
      throw e;
    }
  }

  private KnownHostsVerifier verifier() throws SftpConnectException {
    try {
      return new KnownHostsVerifier(
          settings.knownHosts().toFile(), settings.strictHostKeyChecking(), warnedHosts, log);
    } catch (IOException e) {
      throw new SftpConnectException(
          "cannot read known-hosts " + settings.knownHosts() + ": " + e.getMessage(), true, e);
    }
  }

  private void connect(SSHClient ssh, SftpEndpoint endpoint, KnownHostsVerifier verifier)
      throws SftpConnectException {
    try {
      ssh.connect(endpoint.host(), endpoint.port());
      // Request/response traffic: without this, Nagle's algorithm and delayed ACKs stall each round trip.
      ssh.getSocket().setTcpNoDelay(true);
    } catch (UnknownHostException e) {
      throw new SftpConnectException("unknown host '" + endpoint.host() + "'", true, e);
    } catch (ConnectException e) {
      throw new SftpConnectException(
          "connection to " + endpoint.address() + " refused (" + e.getMessage() + ")", false, e);
    } catch (SocketTimeoutException e) {
      throw new SftpConnectException(
          "no connection to " + endpoint.address() + " within " + settings.connectTimeout().toMillis() + " ms", false, e);
    } catch (TransportException e) {
      if (verifier.rejection() != null) {
        throw new SftpConnectException(verifier.rejection(), true, e);
      }
      throw new SftpConnectException(
          "SSH handshake with " + endpoint.address() + " failed: " + e.getMessage(), false, e);
    } catch (IOException e) {
      throw new SftpConnectException(
          "cannot connect to " + endpoint.address() + ": " + e, false, e);
    }
  }

  private void logIn(SSHClient ssh, SftpEndpoint endpoint) throws SftpConnectException {
    List<AuthMethod> methods = new ArrayList<>();
    List<String> tried = new ArrayList<>();
    if (privateKey != null) {
      methods.add(new AuthPublickey(privateKey));
      tried.add("public key " + settings.privateKey().orElseThrow());
    }
    settings.password().ifPresent(password -> {
      PasswordFinder finder = passwordFinder(password);
      methods.add(new AuthPassword(finder));
      // Servers behind PAM often offer only keyboard-interactive for password logins.
      methods.add(new AuthKeyboardInteractive(new PasswordResponseProvider(finder)));
      tried.add("password");
    });
    try {
      ssh.auth(endpoint.user(), methods);
    } catch (UserAuthException e) {
      throw new SftpConnectException(
          "login as '" + endpoint.user() + "' at " + endpoint.address() + " refused (tried "
              + String.join(", ", tried) + "): authentication failed", true, e);
    } catch (IOException e) {
      throw new SftpConnectException(
          "login as '" + endpoint.user() + "' at " + endpoint.address() + " broke off: " + e.getMessage(), false, e);
    }
  }

  private static SFTPClient startSftp(SSHClient ssh, SftpEndpoint endpoint) throws SftpConnectException {
    try {
      return ssh.newSFTPClient();
    } catch (IOException e) {
      throw new SftpConnectException(
          "cannot start the SFTP subsystem at " + endpoint.address() + ": " + e.getMessage(), false, e);
    }
  }

  /** Hands out a fresh copy each time, since sshj may wipe the array it was given. */
  private static PasswordFinder passwordFinder(String password) {
    return new PasswordFinder() {
      @Override
      public char[] reqPassword(Resource<?> resource) {
        return password.toCharArray();
      }

      @Override
      public boolean shouldRetry(Resource<?> resource) {
        return false;
      }
    };
  }

  private static void closeQuietly(SSHClient ssh) {
    try {
      ssh.close();
    } catch (IOException | RuntimeException e) {
      // the attempt has already failed
    }
  }
}
