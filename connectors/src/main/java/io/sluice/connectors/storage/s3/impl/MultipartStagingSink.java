package io.sluice.connectors.storage.s3.impl;

import io.sluice.connectors.storage.Sha256;
import io.sluice.connectors.storage.StagedWrite;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.AbruptStageTerminationException;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.SinkShape;
import org.apache.pekko.stream.connectors.s3.FailedUploadPart;
import org.apache.pekko.stream.connectors.s3.MultipartUploadResult;
import org.apache.pekko.stream.connectors.s3.Part;
import org.apache.pekko.stream.connectors.s3.SuccessfulUploadPart;
import org.apache.pekko.stream.connectors.s3.UploadPartResponse;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.GraphStageWithMaterializedValue;
import org.apache.pekko.util.ByteString;
import scala.Tuple2;

/**
 * The stage behind {@code S3Storage.write}, which uploads 5 MiB parts into a multipart upload while
 * the stream runs but never lets the connector complete it, yielding an {@link S3StagedWrite}.
 *
 * <p>Why it works this way: the connector's Java API completes an upload when its stream completes
 * and offers no call to start one, so this stage feeds the connector's upload stream itself; when
 * its own stream ends it waits until every part sent is stored, then fails the connector's stream
 * on purpose, which leaves the upload open for {@code completeMultipartUpload} (or for {@code
 * resumeMultipartUpload} with the short last part) on commit. If its stream fails, the upload is
 * aborted once the parts sent are accounted for, so its id is known.
 */
public final class MultipartStagingSink
    extends GraphStageWithMaterializedValue<SinkShape<ByteString>, CompletionStage<StagedWrite>> {
  private final Inlet<ByteString> in = Inlet.create("MultipartStagingSink.in");
  private final SinkShape<ByteString> shape = SinkShape.of(in);
  private final URI target;
  private final S3Location location;
  private final S3Calls calls;
  private final S3Problems problems;

  public MultipartStagingSink(URI target, S3Calls calls, S3Problems problems) {
    this.target = target;
    this.location = S3Location.of(target);
    this.calls = calls;
    this.problems = problems;
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

  /** Thrown into the connector's upload stream to end it without completing the upload. */
  private static final class KeepUploadOpen extends RuntimeException {
    KeepUploadOpen() {
      super("staged: completed on commit", null, false, false);
    }
  }

  /** One write: the bytes not yet cut into a part, the parts on their way, and those stored. */
  private final class Logic extends GraphStageLogic {
    private final CompletableFuture<StagedWrite> staged;
    private final MessageDigest sha256 = Sha256.create();
    private final ArrayDeque<ByteString> partsToSend = new ArrayDeque<>();
    private final List<Part> storedParts = new ArrayList<>();
    private ByteString buffered = ByteString.emptyByteString();
    private long bytes;
    private int partsSent;
    private String uploadId;
    private SubSourceOutlet<Pair<ByteString, Integer>> upload;
    private boolean upstreamDone;
    private Throwable upstreamFailure;
    private boolean finishing;

    Logic(CompletableFuture<StagedWrite> staged) {
      super(shape);
      this.staged = staged;
      setHandler(
          in,
          new AbstractInHandler() {
            @Override
            public void onPush() {
              accept(grab(in));
            }

            @Override
            public void onUpstreamFinish() {
              upstreamDone = true;
              settleWhenPartsStored();
            }

            @Override
            public void onUpstreamFailure(Throwable cause) {
              upstreamDone = true;
              upstreamFailure = cause;
              partsToSend.clear();
              settleWhenPartsStored();
            }
          });
    }

    @Override
    public void preStart() {
      // The stage outlives its inlet: it waits for the last parts to be stored after upstream ends.
      setKeepGoing(true);
      pull(in);
    }

    private void accept(ByteString chunk) {
      for (ByteBuffer buffer : chunk.getByteBuffers()) sha256.update(buffer);
      bytes += chunk.size();
      buffered = buffered.concat(chunk);
      while (buffered.size() >= S3Calls.PART_SIZE) {
        partsToSend.add(buffered.take(S3Calls.PART_SIZE).compact());
        buffered = buffered.drop(S3Calls.PART_SIZE);
      }
      sendParts();
    }

    /** Hands queued parts to the upload as it asks for them; pulls more bytes once none are queued. */
    private void sendParts() {
      if (!partsToSend.isEmpty() && upload == null) startUpload();
      while (!partsToSend.isEmpty() && upload.isAvailable()) {
        partsSent++;
        upload.push(Pair.create(partsToSend.poll(), partsSent));
      }
      if (partsToSend.isEmpty() && !upstreamDone && !hasBeenPulled(in)) pull(in);
    }

    /** Started with the first full part, so that writes smaller than a part open no upload at all. */
    private void startUpload() {
      AsyncCallback<UploadPartResponse> onPartStored = createAsyncCallback(this::partStored);
      AsyncCallback<Throwable> onUploadEnded = createAsyncCallback(this::uploadEnded);
      upload = new SubSourceOutlet<>("MultipartStagingSink.upload");
      upload.setHandler(
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              sendParts();
            }

            @Override
            public void onDownstreamFinish(Throwable cause) {
              giveUp(cause);
            }
          });
      Sink<Pair<UploadPartResponse, Iterable<Integer>>, ?> partReports =
          Sink.foreach(report -> onPartStored.invoke(report.first()));
      CompletionStage<MultipartUploadResult> ended =
          Source.fromGraph(upload.source())
              .runWith(calls.multipartUpload(location.bucket(), location.key(), partReports), subFusingMaterializer());
      ended.whenComplete((result, failure) -> onUploadEnded.invoke(
          failure != null ? failure : new IllegalStateException("the connector completed a staged upload")));
    }

    private void partStored(UploadPartResponse report) {
      if (report instanceof SuccessfulUploadPart part) {
        uploadId = part.multipartUpload().uploadId();
        storedParts.add(Part.create(part.eTag(), part.partNumber()));
        settleWhenPartsStored();
      } else if (report instanceof FailedUploadPart failed) {
        uploadId = failed.multipartUpload().uploadId();
        giveUp(failed.exception());
      }
    }

    private void uploadEnded(Throwable failure) {
      if (!(S3Problems.unwrap(failure) instanceof KeepUploadOpen)) giveUp(failure);
    }

    /** Once upstream has ended and every part sent is stored: stage the write, or abort it. */
    private void settleWhenPartsStored() {
      if (finishing || !upstreamDone || !partsToSend.isEmpty() || storedParts.size() < partsSent) return;
      finishing = true;
      if (upload != null && !upload.isClosed()) upload.fail(new KeepUploadOpen());
      if (upstreamFailure != null) {
        abortThen(upstreamFailure);
        return;
      }
      storedParts.sort(Comparator.comparingInt(Part::partNumber));
      staged.complete(
          new S3StagedWrite(
              target, bytes, Sha256.hex(sha256), uploadId, storedParts, buffered.compact(), calls, problems));
      completeStage();
    }

    private void giveUp(Throwable cause) {
      if (finishing) return;
      finishing = true;
      if (upload != null && !upload.isClosed()) upload.fail(new KeepUploadOpen());
      // When upstream failed first, that is the news; the upload failing after it is a consequence.
      Throwable failure = upstreamFailure != null ? upstreamFailure : problems.failure(target, "writing", cause);
      if (!isClosed(in)) cancel(in, failure);
      abortThen(failure);
    }

    /** Aborts the open upload (if any), then fails the stage and its value with {@code cause}. */
    private void abortThen(Throwable cause) {
      if (uploadId == null) {
        fail(cause);
        return;
      }
      AsyncCallback<Throwable> whenAborted = createAsyncCallback(ignored -> fail(cause));
      calls
          .abortUpload(location.bucket(), location.key(), uploadId)
          .whenComplete((done, failure) -> whenAborted.invoke(cause));
    }

    private void fail(Throwable cause) {
      staged.completeExceptionally(cause);
      failStage(cause);
    }

    @Override
    public void postStop() {
      if (!staged.isDone()) {
        // Stopped from outside (the materializer shut down): drop what was staged, best effort.
        if (uploadId != null) calls.abortUpload(location.bucket(), location.key(), uploadId);
        staged.completeExceptionally(new AbruptStageTerminationException(this));
      }
    }
  }

}
