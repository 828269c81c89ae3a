package io.sluice.connectors.storage.ftp.impl;

/** One FTP server as connections are opened and pooled: host, port and whether it speaks TLS. */
public record FtpEndpoint(String scheme, String host, int port) {

  /** Whether the control and data connections are protected by TLS ({@code ftps://}). */
  public boolean secure() {
    return "ftps".equals(scheme);
  }

  @Override
  public String toString() {
    return scheme + "://" + host + ":" + port;
  }
}
