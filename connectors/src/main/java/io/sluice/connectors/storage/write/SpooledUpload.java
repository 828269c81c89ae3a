package io.sluice.connectors.storage.write;

import io.sluice.connectors.storage.ChannelReads;
import io.sluice.connectors.storage.StagedWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.util.ByteString;

/**
 * An upload that keeps its bytes in a local temporary file while the stream runs and sends them to the store only
 * once the stream has ended ({@code stage}), through the store's own upload.
 *
 * <p>Why: an FTP or SFTP upload holds one of the few connections to its server (4 by default) for as long as it
 * runs. A partition holds a read, a part-file upload and, from its first bad record, an errors-file upload; with input
 * and output on one server, partitions that each held some connections while waiting for one more stopped each other
 * for good. Spooled, an upload takes its connection only when every byte is at hand and gives it back when sent, and
 * a read waits on nothing but the local disk, so every partition can finish.
 */
public final class SpooledUpload implements StagingSink.Upload {
  private static final int SEND_SIZE = 256 * 1024;

  private final Supplier<StagingSink.Upload> store;
  private final Executor blocking;
  private Path file;
  private FileChannel spool;
  private StagingSink.Upload sending;

  /**
   * @param store starts the store's upload, once, when the bytes are all spooled
   * @param blocking where the local file's calls run
   */
  public SpooledUpload(Supplier<StagingSink.Upload> store, Executor blocking) {
    this.store = store;
    this.blocking = blocking;
  }

  @Override
  public CompletionStage<Done> send(ByteString chunk) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        if (spool == null) {
          file = Files.createTempFile("sluice-spool-", ".tmp");
          spool = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        for (ByteBuffer buffer : chunk.getByteBuffers()) {
          while (buffer.hasRemaining()) spool.write(buffer);
        }
        return Done.getInstance();
      } catch (IOException e) {
        throw new UncheckedIOException("spooling an upload to " + file + ": " + e.getMessage(), e);
      }
    }, blocking);
  }

  @Override
  public CompletionStage<StagedWrite> stage(long bytes, String sha256) {
    sending = store.get();
    return sendFrom(0).thenCompose(done -> sending.stage(bytes, sha256))
        .whenCompleteAsync((staged, failure) -> removeSpool(), blocking);
  }

  /** Sends the spooled bytes from {@code position} on, one read and one send at a time. */
  private CompletionStage<Done> sendFrom(long position) {
    if (spool == null) return CompletableFuture.completedFuture(Done.getInstance());
    return CompletableFuture.supplyAsync(() -> {
      try {
        return ChannelReads.upTo(spool, position, SEND_SIZE);
      } catch (IOException e) {
        throw new UncheckedIOException("reading back the spooled upload " + file + ": " + e.getMessage(), e);
      }
    }, blocking).thenCompose(chunk -> chunk.isEmpty() ? CompletableFuture.completedFuture(Done.getInstance())
        : sending.send(chunk).thenCompose(sent -> sendFrom(position + chunk.size())));
  }

  @Override
  public CompletionStage<Done> discard(Throwable cause) {
    CompletionStage<Done> removed = CompletableFuture.supplyAsync(() -> {
      removeSpool();
      return Done.getInstance();
    }, blocking);
    return sending == null ? removed : removed.thenCompose(done -> sending.discard(cause));
  }

  private synchronized void removeSpool() {
    try {
      if (spool != null) spool.close();
      if (file != null) Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a leftover in the temporary directory is all that is lost
    }
    spool = null;
    file = null;
  }
}
