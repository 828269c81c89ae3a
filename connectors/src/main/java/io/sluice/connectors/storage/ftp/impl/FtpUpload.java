package io.sluice.connectors.storage.ftp.impl;

import io.sluice.connectors.storage.StagedWrite;
import io.sluice.connectors.storage.TemporaryNames;
import io.sluice.connectors.storage.write.StagingSink;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.pekko.Done;
import org.apache.pekko.util.ByteString;

/**
 * One FTP write for {@link StagingSink}: STOR to a hidden temporary name in the target's
 * directory (created as needed) on a borrowed connection, which the commit renames. Its blocking
 * calls run on the store's blocking-IO executor.
 */
public final class FtpUpload implements StagingSink.Upload {
  private final FtpConnections connections;
  private final FtpLocation target;
  private final String tempPath;
  private CompletionStage<FtpLease> started;
  private FtpLease lease;
  private OutputStream upload;

  public FtpUpload(FtpConnections connections, FtpLocation target) {
    this.connections = connections;
    this.target = target;
    this.tempPath = FtpLocation.join(target.parent(), TemporaryNames.forTarget(target.name()));
  }

  @Override
  public CompletionStage<Done> send(ByteString chunk) {
    return blocking(() -> {
      upload.write(chunk.toArray());
      return Done.getInstance();
    });
  }

  @Override
  public CompletionStage<StagedWrite> stage(long bytes, String sha256) {
    return blocking(() -> {
      upload.close();
      upload = null;
      FTPClient client = lease.client();
      if (!client.completePendingCommand()) {
        throw new IOException("the server did not confirm the upload: " + FtpReplies.last(client));
      }
      lease.release();
      lease = null;
      return new FtpStagedWrite(connections, target, tempPath, bytes, sha256);
    });
  }

  /**
   * Ends the upload and deletes what arrived of it, on this connection if it still works, else on
   * another one; should that fail too, listings skip the hidden leftover.
   */
  @Override
  public CompletionStage<Done> discard(Throwable cause) {
    if (started == null) return CompletableFuture.completedFuture(Done.getInstance());
    return started.handle((leased, failed) -> leased).thenApplyAsync(leased -> {
      if (lease == null) return Done.getInstance();
      FtpLease ending = lease;
      lease = null;
      try {
        if (upload != null) {
          upload.close();
          upload = null;
          ending.client().completePendingCommand();
        }
        FtpFiles.deleteIfExists(ending.client(), tempPath);
        ending.release();
      } catch (IOException | RuntimeException e) {
        ending.discard();
        connections.run(target, "removing " + tempPath, client -> {
          FtpFiles.deleteIfExists(client, tempPath);
          return null;
        });
      }
      return Done.getInstance();
    }, connections.blockingIo());
  }

  /** Starts the STOR on the first call (a connection is borrowed only once there is something to write). */
  private CompletionStage<FtpLease> started() {
    if (started == null) {
      started = connections.lease(target, borrowed -> {
        FTPClient client = borrowed.client();
        FtpFiles.makeDirectories(client, target.parent());
        OutputStream stream = client.storeFileStream(tempPath);
        if (stream == null) throw new FtpRefusedException("STOR " + tempPath + " refused: " + FtpReplies.last(client));
        lease = borrowed;
        upload = stream;
        return borrowed;
      }).exceptionallyCompose(e -> CompletableFuture.failedFuture(connections.failure(target, "writing", e)));
    }
    return started;
  }

  /** Runs {@code call} once the upload has started, on the blocking-IO executor; failures name the target. */
  private <T> CompletionStage<T> blocking(FtpStep<T> call) {
    return started().thenApplyAsync(leased -> {
      try {
        return call.run();
      } catch (IOException | RuntimeException e) {
        throw new CompletionException(connections.failure(target, "writing", e));
      }
    }, connections.blockingIo());
  }

  @FunctionalInterface
  private interface FtpStep<T> {
    T run() throws IOException;
  }
}
