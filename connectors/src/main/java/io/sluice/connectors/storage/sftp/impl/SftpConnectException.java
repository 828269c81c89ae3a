package io.sluice.connectors.storage.sftp.impl;

import java.io.IOException;

/**
 * Internal API: a connection could not be opened or logged in; permanent failures (a refused login,
 * a rejected host key, an unknown host name) are not worth retrying.
 */
public final class SftpConnectException extends IOException {
  private final boolean permanent;

  SftpConnectException(String problem, boolean permanent, Throwable cause) {
    super(problem, cause);
    this.permanent = permanent;
  }

  public boolean permanent() {
    return permanent;
  }
}
