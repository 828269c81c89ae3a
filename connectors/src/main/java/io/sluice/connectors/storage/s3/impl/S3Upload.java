package io.sluice.connectors.storage.s3.impl;

import io.sluice.connectors.storage.StagedWrite;
import io.sluice.connectors.storage.write.StagingSink;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.connectors.s3.FailedUploadPart;
import org.apache.pekko.stream.connectors.s3.Part;
import org.apache.pekko.stream.connectors.s3.SuccessfulUploadPart;
import org.apache.pekko.stream.connectors.s3.UploadPartResponse;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.apache.pekko.util.ByteString;

/**
 * One S3 write for {@link StagingSink}: 5 MiB parts go into a multipart upload while the stream
 * runs, but the upload is never completed here; {@link S3StagedWrite#commit()} completes it (or,
 * for a write under one part, PUTs it whole).
 *
 * <p>Why it works this way: the connector's Java API completes an upload when its stream
 * completes and offers no call to start one, so this feeds the connector's upload stream through
 * a queue; once every part sent is stored it fails that stream on purpose, which leaves the
 * upload open for {@code completeMultipartUpload} (or {@code resumeMultipartUpload} with the
 * short last part) on commit. On discard the upload is aborted once its id is known.
 */
public final class S3Upload implements StagingSink.Upload {
  private final URI target;
  private final S3Location location;
  private final S3Calls calls;
  private final S3Problems problems;
  private final List<Part> storedParts = new ArrayList<>();
  private final CompletableFuture<Done> partsSettled = new CompletableFuture<>();
  private ByteString buffered = ByteString.emptyByteString();
  private SourceQueueWithComplete<Pair<ByteString, Integer>> parts;
  private int partsSent;
  private String uploadId;
  private Throwable uploadFailure;
  private boolean finishing;

  public S3Upload(URI target, S3Calls calls, S3Problems problems) {
    this.target = target;
    this.location = S3Location.of(target);
    this.calls = calls;
    this.problems = problems;
  }

  /** Thrown into the connector's upload stream to end it without completing the upload. */
  private static final class KeepUploadOpen extends RuntimeException {
    KeepUploadOpen() {
      super("staged: completed on commit", null, false, false);
    }
  }

  @Override
  public CompletionStage<Done> send(ByteString chunk) {
    CompletionStage<Done> accepted = CompletableFuture.completedFuture(Done.getInstance());
    synchronized (this) {
      if (uploadFailure != null) return CompletableFuture.failedFuture(failure(uploadFailure));
      buffered = buffered.concat(chunk);
      while (buffered.size() >= S3Calls.PART_SIZE) {
        ByteString part = buffered.take(S3Calls.PART_SIZE).compact();
        buffered = buffered.drop(S3Calls.PART_SIZE);
        if (parts == null) startUpload();
        partsSent++;
        int number = partsSent;
        // Offered one after another: the queue holds one part, so a slow store slows the writer.
        accepted = accepted.thenCompose(done -> parts.offer(Pair.create(part, number)))
            .thenApply(result -> {
              if (result != QueueOfferResult.enqueued()) {
                throw new java.util.concurrent.CompletionException(failure(new IllegalStateException("the upload stopped taking parts: " + result)));
              }
              return Done.getInstance();
            });
      }
    }
    return accepted;
  }

  @Override
  public CompletionStage<StagedWrite> stage(long bytes, String sha256) {
    synchronized (this) {
      if (parts == null) {
        return CompletableFuture.completedFuture(
            new S3StagedWrite(target, bytes, sha256, null, List.of(), buffered.compact(), calls, problems));
      }
      finishing = true;
      settleIfDone();
    }
    return partsSettled.thenApply(done -> {
      synchronized (this) {
        parts.fail(new KeepUploadOpen());
        List<Part> sorted = new ArrayList<>(storedParts);
        sorted.sort(Comparator.comparingInt(Part::partNumber));
        return (StagedWrite) new S3StagedWrite(target, bytes, sha256, uploadId, sorted, buffered.compact(), calls, problems);
      }
    }).exceptionallyCompose(e -> CompletableFuture.failedFuture(failure(e)));
  }

  @Override
  public CompletionStage<Done> discard(Throwable cause) {
    synchronized (this) {
      if (parts == null) return CompletableFuture.completedFuture(Done.getInstance());
      finishing = true;
      settleIfDone();
    }
    // Once every part sent is accounted for, the upload's id is known and it can be aborted.
    return partsSettled.handle((done, failed) -> Done.getInstance()).thenCompose(settled -> {
      String id;
      synchronized (this) {
        parts.fail(new KeepUploadOpen());
        id = uploadId;
      }
      if (id == null) return CompletableFuture.completedFuture(Done.getInstance());
      return calls.abortUpload(location.bucket(), location.key(), id).handle((done, failed) -> Done.getInstance());
    });
  }

  /** Started with the first full part, so that writes smaller than a part open no upload at all. */
  private void startUpload() {
    Sink<Pair<UploadPartResponse, Iterable<Integer>>, ?> reports = Sink.foreach(report -> partReported(report.first()));
    var queued = Source.<Pair<ByteString, Integer>>queue(1, OverflowStrategy.backpressure())
        .toMat(calls.multipartUpload(location.bucket(), location.key(), reports),
            org.apache.pekko.stream.javadsl.Keep.both())
        .run(calls.system());
    parts = queued.first();
    queued.second().whenComplete((result, failure) -> uploadEnded(
        failure != null ? failure : new IllegalStateException("the connector completed a staged upload")));
  }

  private synchronized void partReported(UploadPartResponse report) {
    if (report instanceof SuccessfulUploadPart part) {
      uploadId = part.multipartUpload().uploadId();
      storedParts.add(Part.create(part.eTag(), part.partNumber()));
    } else if (report instanceof FailedUploadPart failed) {
      uploadId = failed.multipartUpload().uploadId();
      uploadFailure = failed.exception();
    }
    settleIfDone();
  }

  private synchronized void uploadEnded(Throwable failure) {
    if (!(S3Problems.unwrap(failure) instanceof KeepUploadOpen) && uploadFailure == null) uploadFailure = failure;
    settleIfDone();
  }

  /** Once no more parts come: settles {@link #partsSettled} when every part sent is stored, or the upload failed. */
  private void settleIfDone() {
    if (!finishing) return;
    if (uploadFailure != null) partsSettled.completeExceptionally(uploadFailure);
    else if (storedParts.size() == partsSent) partsSettled.complete(Done.getInstance());
  }

  private Throwable failure(Throwable cause) {
    return problems.failure(target, "writing", S3Problems.unwrap(cause));
  }
}
