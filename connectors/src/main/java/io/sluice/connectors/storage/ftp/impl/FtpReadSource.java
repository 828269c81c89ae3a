package io.sluice.connectors.storage.ftp.impl;

import io.sluice.connectors.storage.ftp.FtpSettings;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogicWithLogging;
import org.apache.pekko.util.ByteString;

/**
 * The stage behind {@code FtpStorage.read}: RETR from an offset on a pooled connection, and on a
 * transfer that breaks off, a new connection and RETR from the offset reached (REST), so that no
 * byte is lost or repeated. Runs its blocking reads on the dispatcher its attributes name (the
 * blocking-IO one).
 */
public final class FtpReadSource extends GraphStage<SourceShape<ByteString>> {
  private static final int CHUNK_SIZE = 64 * 1024;
  private static final Duration CANCEL_REPLY_WAIT = Duration.ofSeconds(5);
  private static final String REOPEN = "reopen";

  private final Outlet<ByteString> out = Outlet.create("FtpReadSource.out");
  private final SourceShape<ByteString> shape = SourceShape.of(out);
  private final FtpConnections connections;
  private final FtpLocation location;
  private final long startOffset;

  public FtpReadSource(FtpConnections connections, FtpLocation location, long startOffset) {
    this.connections = connections;
    this.location = location;
    this.startOffset = startOffset;
  }

  @Override
  public SourceShape<ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new Logic();
  }

  /** One read: its lease, its open transfer and the offset it has reached. */
  private final class Logic extends TimerGraphStageLogicWithLogging {
    private final FtpSettings settings = connections.settings();
    private final byte[] buffer = new byte[CHUNK_SIZE];
    private CompletionStage<FtpLease> acquisition;
    private boolean leaseArrived;
    private FtpLease lease;
    private InputStream data;
    private long offset = startOffset;
    private int failuresInARow;

    Logic() {
      super(shape);
      setHandler(
          out,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              // Until a transfer is open (first connection, or a reopen pending) the pull waits.
              if (data != null) readChunk();
            }
          });
    }

    @Override
    public void preStart() {
      AsyncCallback<FtpLease> leased = createAsyncCallback(this::onLease);
      AsyncCallback<Throwable> refused = createAsyncCallback(this::fail);
      acquisition = connections.pool(location.endpoint()).acquire();
      acquisition.whenComplete(
          (lease, failure) -> {
            if (failure != null) refused.invoke(failure);
            else leased.invoke(lease);
          });
    }

    private void onLease(FtpLease arrived) {
      leaseArrived = true;
      lease = arrived;
      startTransfer();
    }

    private void startTransfer() {
      try {
        openTransfer();
      } catch (IOException e) {
        onBroken(e);
        return;
      }
      if (isAvailable(out)) readChunk();
    }

    private void openTransfer() throws IOException {
      FTPClient client = lease.client();
      client.setRestartOffset(offset);
      InputStream stream = client.retrieveFileStream(location.path());
      if (stream == null) {
        String reply = "RETR " + location.path() + " from offset " + offset + " refused: " + FtpReplies.last(client);
        if (FTPReply.isNegativePermanent(client.getReplyCode())) throw new FtpRefusedException(reply);
        throw new IOException(reply);
      }
      data = stream;
    }

    private void readChunk() {
      try {
        int read = data.read(buffer);
        if (read < 0) {
          endOfTransfer();
        } else {
          offset += read;
          failuresInARow = 0;
          push(out, ByteString.fromArray(buffer, 0, read));
        }
      } catch (IOException e) {
        onBroken(e);
      }
    }

    private void endOfTransfer() throws IOException {
      data.close();
      data = null;
      FTPClient client = lease.client();
      if (!client.completePendingCommand()) {
        // The data connection closed but the server says the file was not all sent.
        throw new IOException("transfer ended early: " + FtpReplies.last(client));
      }
      lease.release();
      lease = null;
      completeStage();
    }

    private void onBroken(IOException e) {
      closeQuietly(data);
      data = null;
      failuresInARow++;
      if (e instanceof FtpRefusedException || failuresInARow > settings.readRetries()) {
        fail(e);
        return;
      }
      Duration backoff = settings.retryBackoff().multipliedBy(1L << Math.min(failuresInARow - 1, 16));
      if (log().isWarningEnabled()) {
        log().warning(
            "FTP read of {} broke off at offset {} ({}); reopening in "
                + backoff.toMillis() + " ms, attempt " + failuresInARow + " of " + settings.readRetries(),
            location.uriOf(location.path()),
            offset,
            lease.scrub(e.toString()));
      }
      scheduleOnce(REOPEN, backoff);
    }

    @Override
    public void onTimer(Object key) {
      try {
        lease.reopen();
      } catch (IOException e) {
        onBroken(e);
        return;
      }
      startTransfer();
    }

    private void fail(Throwable cause) {
      if (lease != null) {
        // A refusal leaves the connection in step; anything else leaves it in doubt.
        if (cause instanceof FtpRefusedException) lease.release();
        else lease.discard();
        lease = null;
      }
      failStage(connections.failure(location, "reading from offset " + offset, cause));
    }

    @Override
    public void postStop() {
      if (!leaseArrived) {
        // The lease may still come; nobody here will use it.
        acquisition.thenAccept(FtpLease::release);
      } else if (lease != null) {
        abortTransfer();
      }
    }

    /**
     * Stops a transfer the reader no longer wants: closing the data connection makes the server
     * answer RETR (426, or 226 if it had sent everything), after which the connection is in step
     * again and can be reused.
     */
    private void abortTransfer() {
      if (data == null) {
        // Between a break and its reopen: the connection's state is unknown.
        lease.discard();
        return;
      }
      closeQuietly(data);
      data = null;
      FTPClient client = lease.client();
      try {
        client.setSoTimeout((int) CANCEL_REPLY_WAIT.toMillis());
        client.completePendingCommand();
        client.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.readTimeout().toMillis()));
        lease.release();
      } catch (IOException | RuntimeException e) {
        lease.discard();
      }
    }

    private void closeQuietly(InputStream stream) {
      if (stream == null) return;
      try {
        stream.close();
      } catch (IOException e) {
        // the transfer is being abandoned; a failing close changes nothing
      }
    }
  }
}
