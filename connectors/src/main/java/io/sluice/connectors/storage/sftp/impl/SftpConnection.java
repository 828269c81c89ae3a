package io.sluice.connectors.storage.sftp.impl;

import java.io.IOException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.sftp.SFTPClient;

/** Internal API: one logged-in SSH connection with its SFTP session, used by one caller at a time. */
public final class SftpConnection {
  private final SftpEndpoint endpoint;
  private final SSHClient ssh;
  private final SFTPClient sftp;

  SftpConnection(SftpEndpoint endpoint, SSHClient ssh, SFTPClient sftp) {
    this.endpoint = endpoint;
    this.ssh = ssh;
    this.sftp = sftp;
  }

  public SftpEndpoint endpoint() {
    return endpoint;
  }

  public SFTPClient sftp() {
    return sftp;
  }

  /** False once the transport has died, so that the pool opens a fresh connection instead. */
  boolean isUsable() {
    return ssh.isConnected() && ssh.isAuthenticated();
  }

  /** Closes the session and the connection, ignoring failures: it is being thrown away. */
  void closeQuietly() {
    try {
      sftp.close();
    } catch (IOException | RuntimeException e) {
      // the connection is closed below either way
    }
    try {
      ssh.close();
    } catch (IOException | RuntimeException e) {
      // nothing left to release
    }
  }
}
