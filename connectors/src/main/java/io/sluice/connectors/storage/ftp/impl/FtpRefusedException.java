package io.sluice.connectors.storage.ftp.impl;

import java.io.IOException;

/**
 * The server answered a command with a refusal: the connection itself is fine and in step, so it
 * can go back to the pool.
 */
public final class FtpRefusedException extends IOException {

  public FtpRefusedException(String message) {
    super(message);
  }
}
