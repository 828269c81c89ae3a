package io.sluice.connectors.storage.ftp.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * One RETR of a file from an offset (REST) on a pooled connection: the attempt that {@code
 * ResumableRead} opens for FTP, and opens again at the offset reached when it breaks. Its
 * connection goes back to the pool when the transfer ends or is cancelled in step, and is closed
 * when the transfer broke.
 */
public final class FtpTransfer {
  private static final int CHUNK_SIZE = 64 * 1024;
  private static final Duration CANCEL_REPLY_WAIT = Duration.ofSeconds(5);

  private final FtpLease lease;
  private final Duration readTimeout;
  private InputStream data;
  private boolean broken;

  private FtpTransfer(FtpLease lease, Duration readTimeout) {
    this.lease = lease;
    this.readTimeout = readTimeout;
  }

  /** The bytes of {@code location} from {@code offset} to its end, over one connection; fails when it breaks. */
  public static Source<ByteString, NotUsed> from(FtpConnections connections, FtpLocation location, long offset) {
    Executor io = connections.blockingIo();
    return Source.unfoldResourceAsync(
        () -> connections.lease(location, lease -> open(lease, location.path(), offset, connections)),
        transfer -> CompletableFuture.supplyAsync(transfer::next, io),
        transfer -> CompletableFuture.supplyAsync(transfer::close, io));
  }

  /** Blocking: RETR from {@code offset} (REST) on the lease; a refusal is final, anything else may pass. */
  private static FtpTransfer open(FtpLease lease, String path, long offset, FtpConnections connections) throws IOException {
    FTPClient client = lease.client();
    client.setRestartOffset(offset);
    InputStream stream = client.retrieveFileStream(path);
    if (stream == null) {
      String reply = "RETR " + path + " from offset " + offset + " refused: " + FtpReplies.last(client);
      if (FTPReply.isNegativePermanent(client.getReplyCode())) throw new FtpRefusedException(reply);
      throw new IOException(reply);
    }
    FtpTransfer transfer = new FtpTransfer(lease, connections.settings().readTimeout());
    transfer.data = stream;
    return transfer;
  }

  /** Blocking: the next chunk, or empty once the server has confirmed the whole file was sent. */
  private Optional<ByteString> next() {
    try {
      byte[] buffer = new byte[CHUNK_SIZE];
      int read = data.read(buffer);
      if (read >= 0) return Optional.of(ByteString.fromArrayUnsafe(buffer, 0, read));
      data.close();
      data = null;
      if (!lease.client().completePendingCommand()) {
        // The data connection closed but the server says the file was not all sent.
        throw new IOException("transfer ended early: " + FtpReplies.last(lease.client()));
      }
      return Optional.empty();
    } catch (IOException e) {
      broken = true;
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Blocking: gives the connection back. A transfer the reader no longer wants is stopped by
   * closing its data connection, after which the server answers RETR (426, or 226 if it had sent
   * everything) and the connection is in step again; one that broke is closed.
   */
  private Done close() {
    if (broken) {
      closeQuietly();
      lease.discard();
      return Done.getInstance();
    }
    if (data == null) {
      lease.release();
      return Done.getInstance();
    }
    closeQuietly();
    FTPClient client = lease.client();
    try {
      client.setSoTimeout((int) CANCEL_REPLY_WAIT.toMillis());
      client.completePendingCommand();
      client.setSoTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
      lease.release();
    } catch (IOException | RuntimeException e) {
      lease.discard();
    }
    return Done.getInstance();
  }

  private void closeQuietly() {
    if (data == null) return;
    try {
      data.close();
    } catch (IOException e) {
      // the transfer is being abandoned; a failing close changes nothing
    }
    data = null;
  }

  /** Unwraps what the futures and the blocking calls above wrap around a failure. */
  public static Throwable cause(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof UncheckedIOException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** Whether a reopen may mend {@code failure}: not for a refusal, which the server would repeat. */
  public static boolean mayPassOnRetry(Throwable failure) {
    Throwable cause = cause(failure);
    return cause instanceof IOException && !(cause instanceof FtpRefusedException);
  }
}
