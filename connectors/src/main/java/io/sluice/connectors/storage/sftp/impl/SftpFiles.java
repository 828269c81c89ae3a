package io.sluice.connectors.storage.sftp.impl;

import java.io.IOException;
import java.util.EnumSet;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.FileMode;
import net.schmizz.sshj.sftp.RenameFlags;
import net.schmizz.sshj.sftp.Response.StatusCode;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.sftp.SFTPException;

/** Internal API: the file operations of the store, made safe to repeat and to race. */
public final class SftpFiles {
  private SftpFiles() {}

  /** Deletes a file; it not being there is fine. */
  public static void removeIfExists(SFTPClient sftp, String path) throws IOException {
    try {
      sftp.rm(path);
    } catch (SFTPException e) {
      if (e.getStatusCode() != StatusCode.NO_SUCH_FILE && e.getStatusCode() != StatusCode.NO_SUCH_PATH) throw e;
    }
  }

  /** Creates a directory and its parents; another writer creating them at the same time is fine. */
  public static void makeDirectories(SFTPClient sftp, String directory) throws IOException {
    FileAttributes existing = sftp.statExistence(directory);
    if (existing != null && existing.getType() == FileMode.Type.DIRECTORY) return;
    if (!directory.equals("/")) makeDirectories(sftp, SftpLocations.parent(directory));
    try {
      sftp.mkdir(directory);
    } catch (SFTPException e) {
      FileAttributes now = sftp.statExistence(directory);
      if (now == null || now.getType() != FileMode.Type.DIRECTORY) throw e;
    }
  }

  /**
   * Renames {@code from} onto {@code to}, replacing it. SFTP v5+ servers do that with the OVERWRITE
   * flag and OpenSSH-like ones with posix-rename, both atomically (sshj picks); a plain v3 server
   * can only delete the old file first, leaving a moment when neither name holds the data.
   */
  public static void renameReplacing(SFTPClient sftp, String from, String to) throws IOException {
    boolean atomicOverwrite =
        sftp.version() >= 5 || sftp.getSFTPEngine().supportsServerExtension("posix-rename", "openssh.com");
    if (atomicOverwrite) {
      sftp.rename(from, to, EnumSet.of(RenameFlags.OVERWRITE));
    } else {
      removeIfExists(sftp, to);
      sftp.rename(from, to);
    }
  }
}
