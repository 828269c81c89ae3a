package io.sluice.connectors.storage.write;

import io.sluice.connectors.storage.Sha256;
import io.sluice.connectors.storage.StagedWrite;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/**
 * The skeleton of a store's {@code Storage.write}: it counts and hashes the bytes, hands them to
 * the store's {@link Upload} one chunk at a time, and settles the sink's value: the staged write
 * once the stream completes, or, when the stream or the upload fails or the stream is stopped
 * abruptly, the failure after {@link Upload#discard} has removed what was sent. A store supplies
 * only how bytes leave and how they become a {@link StagedWrite}.
 */
public final class StagingSink {
  private StagingSink() {}

  /**
   * One write's upload, as a store does it. Its calls come one at a time, never overlapping: each
   * {@code send} after the one before has completed, then either {@code stage} or {@code discard}.
   */
  public interface Upload {
    /** Sends {@code chunk} on, after the ones before it. */
    CompletionStage<Done> send(ByteString chunk);

    /** Every byte is sent ({@code bytes} of them, hashing to {@code sha256}): make them a staged write. */
    CompletionStage<StagedWrite> stage(long bytes, String sha256);

    /** The write failed or was stopped: remove what was sent, as far as possible; completes normally either way. */
    CompletionStage<Done> discard(Throwable cause);
  }

  /** A sink that starts a new upload with {@code start} each time it is materialized. */
  public static Sink<ByteString, CompletionStage<StagedWrite>> of(Supplier<Upload> start) {
    return Sink.<ByteString, CompletionStage<StagedWrite>>fromMaterializer((materializer, attributes) -> {
          Upload upload = start.get();
          Tally tally = new Tally();
          return Flow.of(ByteString.class)
              .mapAsync(1, chunk -> tally.sending(upload.send(tally.add(chunk))))
              .toMat(Sink.ignore(), Keep.right())
              .mapMaterializedValue(done -> settle(done, upload, tally));
        })
        .mapMaterializedValue(nested -> nested.thenCompose(staged -> staged));
  }

  private static CompletionStage<StagedWrite> settle(CompletionStage<Done> done, Upload upload, Tally tally) {
    CompletableFuture<StagedWrite> result = new CompletableFuture<>();
    done.whenComplete((finished, streamFailure) -> {
      if (streamFailure != null) {
        // A send may still be under way when the stream fails: discard only after it.
        tally.lastSend.whenComplete((sent, sendFailure) -> failAfterDiscarding(upload, unwrap(streamFailure), result));
        return;
      }
      CompletionStage<StagedWrite> staged;
      try {
        staged = upload.stage(tally.bytes, Sha256.hex(tally.sha256));
      } catch (RuntimeException e) {
        staged = CompletableFuture.failedFuture(e);
      }
      staged.whenComplete((write, stageFailure) -> {
        if (stageFailure == null) result.complete(write);
        else failAfterDiscarding(upload, unwrap(stageFailure), result);
      });
    });
    return result;
  }

  private static void failAfterDiscarding(Upload upload, Throwable failure, CompletableFuture<StagedWrite> result) {
    CompletionStage<Done> discarded;
    try {
      discarded = upload.discard(failure);
    } catch (RuntimeException e) {
      discarded = CompletableFuture.completedFuture(Done.getInstance());
    }
    discarded.whenComplete((ignored, alsoFailed) -> result.completeExceptionally(failure));
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    return t;
  }

  /** The byte count and digest of one write, updated in stream order. */
  private static final class Tally {
    private final MessageDigest sha256 = Sha256.create();
    private long bytes;
    private volatile CompletionStage<Done> lastSend = CompletableFuture.completedFuture(Done.getInstance());

    CompletionStage<Done> sending(CompletionStage<Done> send) {
      lastSend = send;
      return send;
    }

    ByteString add(ByteString chunk) {
      for (ByteBuffer buffer : chunk.getByteBuffers()) sha256.update(buffer.duplicate());
      bytes += chunk.size();
      return chunk;
    }
  }
}
