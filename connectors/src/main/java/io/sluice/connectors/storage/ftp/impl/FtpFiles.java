package io.sluice.connectors.storage.ftp.impl;

import java.io.IOException;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;

/** Blocking file operations by absolute path on one connection, with refusals made exceptions. */
public final class FtpFiles {
  private FtpFiles() {}

  /** The entry for {@code path}, or null when nothing is there. */
  static FTPFile stat(FTPClient client, String path, boolean machineListing) throws IOException {
    if (path.equals("/")) {
      FTPFile root = new FTPFile();
      root.setName("/");
      root.setType(FTPFile.DIRECTORY_TYPE);
      return root;
    }
    if (machineListing) return client.mlistFile(path);
    // Without MLST only the parent's listing tells a file from a directory reliably.
    String name = path.substring(path.lastIndexOf('/') + 1);
    String parent = path.lastIndexOf('/') <= 0 ? "/" : path.substring(0, path.lastIndexOf('/'));
    for (FTPFile entry : entries(client, parent, false)) {
      if (name.equals(baseName(entry))) return entry;
    }
    return null;
  }

  /** The entries of directory {@code path}; empty when it does not exist. */
  static FTPFile[] entries(FTPClient client, String path, boolean machineListing) throws IOException {
    FTPFile[] entries = machineListing ? client.mlistDir(path) : client.listFiles(path);
    int reply = client.getReplyCode();
    if (FTPReply.isNegativeTransient(reply)) {
      throw new IOException("listing " + path + " failed: " + FtpReplies.last(client));
    }
    return entries == null ? new FTPFile[0] : entries;
  }

  /** The entry's name without any directory part some servers put in front. */
  static String baseName(FTPFile entry) {
    String name = entry.getName();
    return name.substring(name.lastIndexOf('/') + 1);
  }

  /** The size by SIZE, for listings that do not show it. */
  static long size(FTPClient client, String path) throws IOException {
    String size = client.getSize(path);
    if (size == null) throw new FtpRefusedException("SIZE " + path + " refused: " + FtpReplies.last(client));
    try {
      return Long.parseLong(size.trim());
    } catch (NumberFormatException e) {
      throw new FtpRefusedException("SIZE " + path + " gave no number: " + size);
    }
  }

  /** Whether anything exists at {@code path}. */
  public static boolean exists(FTPClient client, String path) throws IOException {
    return stat(client, path, client.hasFeature("MLST")) != null;
  }

  /** Deletes the file at {@code path}; fine when there is none. */
  public static void deleteIfExists(FTPClient client, String path) throws IOException {
    if (client.deleteFile(path)) return;
    String refusal = FtpReplies.last(client);
    // 550 also means "not found": only a file still there is a refusal.
    if (exists(client, path)) throw new FtpRefusedException("DELE " + path + " refused: " + refusal);
  }

  /** Creates {@code directory} and any missing parents. */
  public static void makeDirectories(FTPClient client, String directory) throws IOException {
    if (directory.equals("/") || client.changeWorkingDirectory(directory)) return;
    StringBuilder prefix = new StringBuilder();
    for (String segment : directory.substring(1).split("/")) {
      prefix.append('/').append(segment);
      // Refused when it exists already; whether the whole path exists is checked once below.
      client.makeDirectory(prefix.toString());
    }
    if (!client.changeWorkingDirectory(directory)) {
      throw new FtpRefusedException("cannot create directory " + directory + ": " + FtpReplies.last(client));
    }
  }

  /** Renames {@code from} to {@code to}, replacing {@code to} where the server will not. */
  public static void rename(FTPClient client, String from, String to) throws IOException {
    if (client.rename(from, to)) return;
    String refusal = "renaming " + from + " to " + to + " refused: " + FtpReplies.last(client);
    // Only a rename that failed because the target is in the way may remove the target.
    if (!exists(client, from) || !exists(client, to)) throw new FtpRefusedException(refusal);
    deleteIfExists(client, to);
    if (!client.rename(from, to)) {
      throw new FtpRefusedException("renaming " + from + " to " + to + " refused: " + FtpReplies.last(client));
    }
  }
}
