package io.sluice.connectors.storage.ftp.impl;

import io.sluice.connectors.storage.ftp.FtpSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;

/**
 * Opens logged-in, binary-mode FTP and FTPS connections as the settings say, and closes them;
 * failures come back as {@link IOException}s whose messages name the problem but not the password.
 */
public final class FtpConnector {
  private static final int BUFFER_SIZE = 64 * 1024;
  private static final Duration CLOSE_REPLY_WAIT = Duration.ofSeconds(2);

  private final FtpSettings settings;
  private final TrustManager trustManager;

  public FtpConnector(FtpSettings settings) {
    this.settings = settings;
    this.trustManager = FtpTrust.trustManager(settings);
  }

  /** A new connection to {@code endpoint}, logged in and ready for transfers. */
  public FTPClient open(FtpEndpoint endpoint) throws IOException {
    FTPClient client = newClient(endpoint);
    try {
      connect(client, endpoint);
      login(client, endpoint);
      client.setSoTimeout(millis(settings.readTimeout()));
      return client;
    } catch (IOException | RuntimeException e) {
      close(client);
      throw e;
    }
  }

  private FTPClient newClient(FtpEndpoint endpoint) {
    FTPClient client;
    if (endpoint.secure()) {
      FTPSClient secure = new FTPSClient("TLS", settings.implicitTls());
      secure.setTrustManager(trustManager);
      // commons-net checks no host name by default; a certificate must name the server it came from.
      secure.setEndpointCheckingEnabled(true);
      client = secure;
    } else {
      client = new FTPClient();
    }
    client.setControlEncoding(StandardCharsets.UTF_8.name());
    client.setConnectTimeout(millis(settings.connectTimeout()));
    // Until the login is done the connect timeout bounds every reply, so a mute server fails fast.
    client.setDefaultTimeout(millis(settings.connectTimeout()));
    client.setDataTimeout(settings.readTimeout());
    client.setBufferSize(BUFFER_SIZE);
    return client;
  }

  private void connect(FTPClient client, FtpEndpoint endpoint) throws IOException {
    String where = endpoint.host() + ":" + endpoint.port();
    try {
      client.connect(endpoint.host(), endpoint.port());
    } catch (UnknownHostException e) {
      throw new IOException("cannot connect to " + where + ": unknown host", e);
    } catch (ConnectException e) {
      throw new IOException("cannot connect to " + where + ": " + e.getMessage(), e);
    } catch (SocketTimeoutException e) {
      throw new IOException("cannot connect to " + where + ": timed out after " + settings.connectTimeout().toMillis() + " ms", e);
    } catch (SSLException e) {
      throw new IOException("TLS with " + where + " failed: " + e.getMessage(), e);
    }
    if (!FTPReply.isPositiveCompletion(client.getReplyCode())) {
      throw new IOException("server " + where + " refused the connection: " + FtpReplies.last(client));
    }
  }

  private void login(FTPClient client, FtpEndpoint endpoint) throws IOException {
    if (!client.login(settings.user(), loginPassword())) {
      String reply = FtpReplies.last(client);
      throw new FtpRefusedException(
          "login as '" + settings.user() + "' on " + endpoint.host() + ":" + endpoint.port()
              + " refused: " + scrub(reply));
    }
    if (client instanceof FTPSClient secure) {
      // Protect the data connections too, not only the control connection.
      secure.execPBSZ(0);
      secure.execPROT("P");
    }
    if (!client.setFileType(FTP.BINARY_FILE_TYPE)) {
      throw new IOException("server refused binary mode: " + FtpReplies.last(client));
    }
    if (settings.passive()) {
      client.enterLocalPassiveMode();
    } else {
      client.enterLocalActiveMode();
    }
  }

  private String loginPassword() {
    boolean anonymous = settings.user().equalsIgnoreCase("anonymous") || settings.user().equalsIgnoreCase("ftp");
    return settings.password().isEmpty() && anonymous ? "anonymous@" : settings.password();
  }

  /** {@code text} with the password, should a server echo it, replaced. */
  public String scrub(String text) {
    if (text == null || settings.password().isEmpty()) return text;
    return text.replace(settings.password(), "******");
  }

  /** Whether an idle connection still answers; a connection that does not is closed. */
  public boolean stillAlive(FTPClient client) {
    try {
      // A connection silently dropped (by a NAT, say) must not cost a whole read timeout here.
      client.setSoTimeout(millis(settings.connectTimeout()));
      if (client.isConnected() && client.sendNoOp()) {
        client.setSoTimeout(millis(settings.readTimeout()));
        return true;
      }
    } catch (IOException e) {
      // a dead connection: fall through and close it
    }
    close(client);
    return false;
  }

  /** Logs out and closes, quietly: the connection is being given up either way. */
  public void close(FTPClient client) {
    if (client == null || !client.isConnected()) return;
    try {
      // A polite QUIT, but no long wait for a server that may be gone.
      Duration wait = CLOSE_REPLY_WAIT.compareTo(settings.connectTimeout()) < 0 ? CLOSE_REPLY_WAIT : settings.connectTimeout();
      client.setSoTimeout(millis(wait));
      client.logout();
    } catch (IOException | RuntimeException e) {
      // the server may already be gone; the socket is closed below regardless
    }
    try {
      client.disconnect();
    } catch (IOException e) {
      // nothing more can be done for a socket that will not close
    }
  }

  private static int millis(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
  }
}
