package io.sluice.connectors.storage.ftp.impl;

import org.apache.commons.net.ftp.FTPClient;

/** Turns the server's last reply into message text. */
final class FtpReplies {
  private FtpReplies() {}

  /** The last reply, code and text, on one line. */
  static String last(FTPClient client) {
    String reply = client.getReplyString();
    return reply == null ? "no reply" : reply.trim().replaceAll("\\s*\\R\\s*", " ");
  }
}
