package io.sluice.connectors.storage.sftp.impl;

import io.sluice.connectors.storage.Redaction;
import io.sluice.connectors.storage.StagedWrite;
import io.sluice.connectors.storage.StorageException;
import io.sluice.connectors.storage.TemporaryNames;
import io.sluice.connectors.storage.write.StagingSink;
import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import org.apache.pekko.Done;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.util.ByteString;

/**
 * Internal API: one write stream's upload into a hidden temporary file beside the target, for
 * {@link StagingSink}, which counts, hashes and discards the temporary file if the stream does not finish.
 */
public final class SftpUpload implements StagingSink.Upload {
  private static final int WRITE_SIZE = 32 * 1024; // the write size every SFTP server accepts
  private static final int WRITES_IN_FLIGHT = 16; // unacknowledged writes, for throughput

  private final URI target;
  private final String targetPath;
  private final String tempPath;
  private final SftpEndpoint endpoint;
  private final SftpCalls calls;
  private final LoggingAdapter log;
  private final OneAtATime steps = new OneAtATime();
  private boolean tempMayExist;
  private SftpConnection connection;
  private RemoteFile file;
  private RemoteFile.RemoteFileOutputStream out;

  public SftpUpload(URI target, SftpCalls calls, LoggingAdapter log) {
    this.target = target;
    this.targetPath = SftpLocations.path(target);
    this.tempPath = SftpLocations.child(SftpLocations.parent(targetPath), TemporaryNames.forTarget(SftpLocations.name(targetPath)));
    this.endpoint = SftpEndpoint.of(target, calls.settings());
    this.calls = calls;
    this.log = log;
  }

  /** Writes one chunk to the temporary file, opening it first if needed. */
  @Override
  public CompletionStage<Done> send(ByteString chunk) {
    return steps.then(() -> ensureOpen().thenCompose(stream -> Async.run(calls.blocking(), () -> {
      try {
        byte[] data = chunk.toArray();
        for (int from = 0; from < data.length; from += WRITE_SIZE) {
          stream.write(data, from, Math.min(WRITE_SIZE, data.length - from));
        }
        return Done.getInstance();
      } catch (IOException e) {
        throw calls.failure(target, "uploading to " + tempPath, e);
      }
    })));
  }

  /** Waits for every write to be acknowledged and closes the file: the bytes are staged. */
  @Override
  public CompletionStage<StagedWrite> stage(long bytes, String sha256) {
    return steps.then(() -> ensureOpen().thenCompose(stream -> Async.run(calls.blocking(), () -> {
      try {
        stream.close();
        file.close();
        file = null;
      } catch (IOException e) {
        throw calls.failure(target, "finishing the upload to " + tempPath, e);
      }
      calls.pool().release(connection);
      connection = null;
      StagedWrite staged = new SftpStagedWrite(
          target, targetPath, tempPath, bytes, sha256, calls);
      return staged;
    })));
  }

  /**
   * Lets go of the connection and removes the temporary file, as far as that is possible: a file
   * left behind is hidden from listings. Completes normally either way.
   */
  @Override
  public CompletionStage<Done> discard(Throwable failure) {
    return steps.then(() -> Async.run(calls.blocking(), () -> {
      if (connection != null) {
        closeHandleQuietly();
        calls.pool().giveBack(connection, connectionProblem(Async.unwrap(failure)));
        connection = null;
      }
      return tempMayExist;
    }).thenCompose(remove -> remove ? removeTemp() : CompletableFuture.completedFuture(Done.getInstance())));
  }

  private CompletionStage<Done> removeTemp() {
    return calls.withConnection(target, "removing the staged upload", sftp -> {
      SftpFiles.removeIfExists(sftp, tempPath);
      return Done.getInstance();
    }).exceptionally(e -> {
      log.warning("SFTP: could not remove the hidden temporary file {} of {}: {}",
          tempPath, Redaction.uri(target), Async.unwrap(e).getMessage());
      return Done.getInstance();
    });
  }

  private CompletionStage<RemoteFile.RemoteFileOutputStream> ensureOpen() {
    if (out != null) return CompletableFuture.completedFuture(out);
    return calls.pool().acquire(endpoint)
        .exceptionally(e -> {
          throw calls.failure(target, "uploading", Async.unwrap(e));
        })
        .thenCompose(acquired -> {
          connection = acquired;
          return Async.run(calls.blocking(), () -> {
            try {
              SftpFiles.makeDirectories(acquired.sftp(), SftpLocations.parent(targetPath));
              tempMayExist = true;
              file = acquired.sftp().open(tempPath, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL));
              out = file.new RemoteFileOutputStream(0, WRITES_IN_FLIGHT);
              return out;
            } catch (IOException e) {
              throw calls.failure(target, "creating " + tempPath, e);
            }
          });
        });
  }

  /** Our own failures carry what went wrong with the connection; an upstream failure says nothing about it. */
  private static Throwable connectionProblem(Throwable failure) {
    return failure instanceof StorageException ? failure.getCause() : null;
  }

  private void closeHandleQuietly() {
    if (file == null) return;
    try {
      file.close();
    } catch (IOException e) {
      // the upload has failed already; the handle goes with the connection
    }
    file = null;
  }

}
