package io.sluice.connectors.storage.s3.impl;

import io.sluice.connectors.storage.AbstractStagedWrite;
import io.sluice.connectors.storage.StorageException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.connectors.s3.Part;
import org.apache.pekko.util.ByteString;

/**
 * A finished S3 write not yet visible, its full parts in an open multipart upload and its short
 * last part in memory (or, below one part, all of it in memory), made visible whole by {@link
 * #commit()} and dropped by {@link #abort()}.
 */
public final class S3StagedWrite extends AbstractStagedWrite {
  private final S3Location location;
  private final String uploadId;
  private final List<Part> parts;
  private final S3Calls calls;
  private final S3Problems problems;
  private ByteString lastPart;
  private CompletionStage<Done> commit;
  private CompletionStage<Done> abort;

  /** @param uploadId the open upload holding {@code parts}, or {@code null} when there is none */
  public S3StagedWrite(
      URI target,
      long bytes,
      String sha256,
      String uploadId,
      List<Part> parts,
      ByteString lastPart,
      S3Calls calls,
      S3Problems problems) {
    super(target, bytes, sha256);
    this.location = S3Location.of(target);
    this.uploadId = uploadId;
    this.parts = List.copyOf(parts);
    this.lastPart = lastPart;
    this.calls = calls;
    this.problems = problems;
  }

  @Override
  public synchronized CompletionStage<Done> commit() {
    if (abort != null) {
      return CompletableFuture.failedFuture(new StorageException(target(), "committing failed: the write was aborted"));
    }
    // A failed commit may be tried again: the upload stays open until it completes or is aborted.
    if (commit == null || commit.toCompletableFuture().isCompletedExceptionally()) {
      CompletionStage<Done> call;
      if (uploadId == null) {
        call = calls.put(location.bucket(), location.key(), lastPart);
      } else if (lastPart.isEmpty()) {
        call = calls.complete(location.bucket(), location.key(), uploadId, parts);
      } else {
        call = calls.completeWith(location.bucket(), location.key(), uploadId, parts, lastPart);
      }
      commit = mapFailure(call, "committing");
      commit.thenRun(this::releaseLastPart);
    }
    return commit;
  }

  @Override
  public synchronized CompletionStage<Done> abort() {
    if (abort == null) {
      if (commit != null) {
        // After a commit nothing is staged any more; the committed object stays.
        abort = commit.handle((done, failure) -> Done.getInstance());
      } else if (uploadId == null) {
        abort = CompletableFuture.completedFuture(Done.getInstance());
      } else {
        abort =
            calls
                .abortUpload(location.bucket(), location.key(), uploadId)
                .exceptionallyCompose(
                    failure ->
                        S3Problems.notFound(failure)
                            ? CompletableFuture.completedFuture(Done.getInstance())
                            : CompletableFuture.failedFuture(problems.failure(target(), "aborting", failure)));
      }
      lastPart = ByteString.emptyByteString();
    }
    return abort;
  }

  private synchronized void releaseLastPart() {
    lastPart = ByteString.emptyByteString();
  }

  private CompletionStage<Done> mapFailure(CompletionStage<Done> call, String doing) {
    return call.exceptionallyCompose(failure -> CompletableFuture.failedFuture(problems.failure(target(), doing, failure)));
  }
}
