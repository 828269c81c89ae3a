package io.sluice.connectors.storage.sftp.impl;

import java.io.IOException;
import net.schmizz.sshj.sftp.SFTPClient;

/** Internal API: blocking work done with one SFTP session. */
@FunctionalInterface
public interface SftpCall<T> {
  T apply(SFTPClient sftp) throws IOException;
}
