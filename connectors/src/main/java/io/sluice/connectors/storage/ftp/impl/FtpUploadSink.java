package io.sluice.connectors.storage.ftp.impl;

import io.sluice.connectors.storage.Sha256;
import io.sluice.connectors.storage.StagedWrite;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.pekko.stream.AbruptStageTerminationException;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.SinkShape;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.GraphStageWithMaterializedValue;
import org.apache.pekko.util.ByteString;
import scala.Tuple2;

/**
 * The stage behind {@code FtpStorage.write}: STOR to a hidden temporary name in the target's
 * directory (created as needed), hashing and counting the bytes; the temporary file is removed if
 * the stream does not finish. Runs its blocking writes on the dispatcher its attributes name.
 */
public final class FtpUploadSink
    extends GraphStageWithMaterializedValue<SinkShape<ByteString>, CompletionStage<StagedWrite>> {
  private final Inlet<ByteString> in = Inlet.create("FtpUploadSink.in");
  private final SinkShape<ByteString> shape = SinkShape.of(in);
  private final FtpConnections connections;
  private final FtpLocation target;

  public FtpUploadSink(FtpConnections connections, FtpLocation target) {
    this.connections = connections;
    this.target = target;
  }

  @Override
  public SinkShape<ByteString> shape() {
    return shape;
  }

  @Override
  public Tuple2<GraphStageLogic, CompletionStage<StagedWrite>> createLogicAndMaterializedValue(
      Attributes inheritedAttributes) {
    CompletableFuture<StagedWrite> staged = new CompletableFuture<>();
    return new Tuple2<>(new Logic(staged), staged);
  }

  /** One upload: its lease, open STOR, hash and byte count. */
  private final class Logic extends GraphStageLogic {
    private final CompletableFuture<StagedWrite> staged;
    private final MessageDigest sha256 = Sha256.create();
    private final String tempPath =
        FtpLocation.join(target.parent(), "." + target.name() + "." + UUID.randomUUID() + ".tmp");
    private CompletionStage<FtpLease> acquisition;
    private boolean leaseArrived;
    private FtpLease lease;
    private OutputStream upload;
    private boolean upstreamFinished;
    private long bytes;

    Logic(CompletableFuture<StagedWrite> staged) {
      super(shape);
      this.staged = staged;
      setHandler(
          in,
          new AbstractInHandler() {
            @Override
            public void onPush() {
              write(grab(in));
            }

            @Override
            public void onUpstreamFinish() {
              upstreamFinished = true;
              // An empty stream can finish before the connection is there.
              if (upload != null) finish();
            }

            @Override
            public void onUpstreamFailure(Throwable cause) {
              abandon(cause);
            }
          });
    }

    @Override
    public void preStart() {
      // The stage must outlive a finished upstream while it waits for its connection.
      setKeepGoing(true);
      AsyncCallback<FtpLease> leased = createAsyncCallback(this::onLease);
      AsyncCallback<Throwable> refused =
          createAsyncCallback(failure -> abandon(connections.failure(target, "writing", failure)));
      acquisition = connections.pool(target.endpoint()).acquire();
      acquisition.whenComplete(
          (lease, failure) -> {
            if (failure != null) refused.invoke(failure);
            else leased.invoke(lease);
          });
    }

    private void onLease(FtpLease arrived) {
      leaseArrived = true;
      lease = arrived;
      try {
        FTPClient client = lease.client();
        FtpFiles.makeDirectories(client, target.parent());
        upload = client.storeFileStream(tempPath);
        if (upload == null) {
          throw new FtpRefusedException("STOR " + tempPath + " refused: " + FtpReplies.last(client));
        }
      } catch (IOException e) {
        abandon(e);
        return;
      }
      if (upstreamFinished) finish();
      else pull(in);
    }

    private void write(ByteString chunk) {
      try {
        byte[] array = chunk.toArray();
        sha256.update(array);
        upload.write(array);
        bytes += array.length;
        pull(in);
      } catch (IOException e) {
        abandon(e);
      }
    }

    private void finish() {
      try {
        upload.close();
        upload = null;
        FTPClient client = lease.client();
        if (!client.completePendingCommand()) {
          throw new IOException("the server did not confirm the upload: " + FtpReplies.last(client));
        }
      } catch (IOException e) {
        abandon(e);
        return;
      }
      lease.release();
      lease = null;
      staged.complete(
          new FtpStagedWrite(
              connections, target, tempPath, bytes, Sha256.hex(sha256)));
      completeStage();
    }

    private void abandon(Throwable cause) {
      discardTemp();
      // The upstream's own failure passes through as it is; our I/O failures name the target.
      Throwable failure = cause instanceof IOException ? connections.failure(target, "writing", cause) : cause;
      staged.completeExceptionally(failure);
      failStage(failure);
    }

    @Override
    public void postStop() {
      if (!leaseArrived) acquisition.thenAccept(FtpLease::release);
      if (!staged.isDone()) {
        discardTemp();
        staged.completeExceptionally(new AbruptStageTerminationException(this));
      }
    }

    /**
     * Ends the upload and deletes what arrived of it, on this connection if it still works, else
     * on another one later.
     */
    private void discardTemp() {
      if (lease == null) return;
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
        // Best effort: should this fail too, listings skip the hidden leftover.
        connections.run(
            target,
            "removing " + tempPath,
            client -> {
              FtpFiles.deleteIfExists(client, tempPath);
              return null;
            });
      }
    }
  }

}
