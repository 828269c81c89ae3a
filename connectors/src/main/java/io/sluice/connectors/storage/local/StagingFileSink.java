package io.sluice.connectors.storage.local;

import io.sluice.connectors.storage.Sha256;
import io.sluice.connectors.storage.StagedWrite;
import io.sluice.connectors.storage.StorageException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.AbruptStageTerminationException;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.SinkShape;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.GraphStageWithMaterializedValue;
import org.apache.pekko.util.ByteString;
import scala.Tuple2;

/**
 * The stage behind {@link LocalStorage#write}: streams bytes into a hidden temporary file beside
 * the target, hashing and counting them, and removes that file if the stream does not finish.
 */
final class StagingFileSink
    extends GraphStageWithMaterializedValue<SinkShape<ByteString>, CompletionStage<StagedWrite>> {
  private final Inlet<ByteString> in = Inlet.create("StagingFileSink.in");
  private final SinkShape<ByteString> shape = SinkShape.of(in);
  private final URI target;
  private final Path targetPath;
  private final BlockingFileCalls blocking;

  StagingFileSink(URI target, Path targetPath, BlockingFileCalls blocking) {
    this.target = target;
    this.targetPath = targetPath;
    this.blocking = blocking;
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

  /** One write: its temporary file, hash and byte count. */
  private final class Logic extends GraphStageLogic {
    private final CompletableFuture<StagedWrite> staged;
    private final MessageDigest sha256 = Sha256.create();
    private Path temp;
    private FileChannel channel;
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
              finish();
            }

            @Override
            public void onUpstreamFailure(Throwable cause) {
              discardTemp();
              staged.completeExceptionally(cause);
              failStage(cause);
            }
          });
    }

    @Override
    public void preStart() {
      try {
        Files.createDirectories(targetPath.getParent());
        temp =
            targetPath.resolveSibling(
                "." + targetPath.getFileName() + "." + UUID.randomUUID() + ".tmp");
        channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        pull(in);
      } catch (IOException e) {
        abandon(e);
      }
    }

    private void write(ByteString chunk) {
      try {
        for (ByteBuffer buffer : chunk.getByteBuffers()) {
          sha256.update(buffer.duplicate());
          while (buffer.hasRemaining()) channel.write(buffer);
        }
        bytes += chunk.size();
        pull(in);
      } catch (IOException e) {
        abandon(e);
      }
    }

    private void finish() {
      try {
        // Without this a crash soon after the rename could leave the final name with missing bytes.
        channel.force(true);
        channel.close();
        staged.complete(
            new LocalStagedWrite(
                target,
                targetPath,
                temp,
                bytes,
                Sha256.hex(sha256),
                blocking));
        completeStage();
      } catch (IOException e) {
        abandon(e);
      }
    }

    @Override
    public void postStop() {
      if (!staged.isDone()) {
        discardTemp();
        staged.completeExceptionally(new AbruptStageTerminationException(this));
      }
    }

    private void abandon(IOException e) {
      discardTemp();
      StorageException failure = new StorageException(target, "writing failed: " + e, e);
      staged.completeExceptionally(failure);
      failStage(failure);
    }

    private void discardTemp() {
      try {
        if (channel != null) channel.close();
        if (temp != null) Files.deleteIfExists(temp);
      } catch (IOException e) {
        // Best effort: the write has already failed, and a leftover hidden file is ignored by
        // listings.
      }
    }
  }

}
