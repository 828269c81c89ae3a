package io.sluice.connectors.storage.sftp.impl;

import io.sluice.connectors.storage.StorageException;
import io.sluice.connectors.storage.sftp.SftpSettings;
import java.net.URI;

/** Internal API: the server and login one pooled SSH connection serves. */
public record SftpEndpoint(String host, int port, String user) {
  static final int DEFAULT_PORT = 22;

  /**
   * The endpoint of an {@code sftp://} URI: the user named in the URI, else the settings' user,
   * else the local user name, as {@code ssh} does.
   */
  public static SftpEndpoint of(URI uri, SftpSettings settings) {
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new StorageException(uri, "no host in the URI (expected sftp://host[:port]/absolute/path)");
    }
    String user = SftpLocations.userName(uri);
    if (user == null) user = settings.user().orElse(System.getProperty("user.name"));
    return new SftpEndpoint(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), user);
  }

  /** {@code host:port}, for messages. */
  public String address() {
    return host + ":" + port;
  }
}
