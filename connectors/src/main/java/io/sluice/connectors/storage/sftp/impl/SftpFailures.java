package io.sluice.connectors.storage.sftp.impl;

import java.io.IOException;
import java.util.Optional;
import net.schmizz.sshj.sftp.Response.StatusCode;
import net.schmizz.sshj.sftp.SFTPException;

/** Internal API: tells network failures (worth a new connection) from answers of the server. */
public final class SftpFailures {
  private SftpFailures() {}

  /**
   * Whether the server answered with a status (no such file, permission denied): the connection
   * is fine and another attempt would get the same answer.
   */
  public static boolean isServerAnswer(Throwable failure) {
    if (!(failure instanceof SFTPException sftp)) return false;
    StatusCode status = sftp.getStatusCode();
    return status != StatusCode.UNKNOWN
        && status != StatusCode.NO_CONNECTION
        && status != StatusCode.CONNECITON_LOST;
  }

  /** Whether a new connection might succeed where this one failed. */
  public static boolean retryable(Throwable failure) {
    if (failure instanceof SftpConnectException connect) return !connect.permanent();
    return failure instanceof IOException && !isServerAnswer(failure);
  }

  /** A short description for a message; the password never appears in it. */
  public static String describe(Throwable failure, Optional<String> password) {
    String text;
    if (failure instanceof SftpConnectException) {
      text = failure.getMessage();
    } else if (isServerAnswer(failure)) {
      SFTPException sftp = (SFTPException) failure;
      text = sftp.getStatusCode().name().toLowerCase().replace('_', ' ') + " (" + sftp.getMessage() + ")";
    } else {
      text = failure.toString();
    }
    return scrub(text, password);
  }

  /** Removes the password from {@code text}, should any library ever echo it. */
  static String scrub(String text, Optional<String> password) {
    if (text == null) return "";
    return password.filter(p -> !p.isEmpty()).map(p -> text.replace(p, "***")).orElse(text);
  }
}
