package io.sluice.connectors.storage.s3.impl;

import io.sluice.connectors.storage.Redaction;
import java.net.URI;
import java.time.Duration;
import java.util.function.LongFunction;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogicWithLogging;
import org.apache.pekko.util.ByteString;

/**
 * Reads an object's bytes from an offset to its end through ranged GETs; when a GET fails midway
 * (a reset connection, a 5xx, a body shorter than the object) it opens a new one at the first byte
 * not yet emitted, with exponential backoff, so nothing is lost or emitted twice.
 */
public final class ResumingRead extends GraphStage<SourceShape<ByteString>> {
  private final Outlet<ByteString> out = Outlet.create("ResumingRead.out");
  private final SourceShape<ByteString> shape = SourceShape.of(out);
  private final URI uri;
  private final long start;
  private final long end;
  private final LongFunction<org.apache.pekko.stream.javadsl.Source<ByteString, ?>> openAt;
  private final int retries;
  private final Duration backoff;
  private final S3Problems problems;

  /**
   * @param end the object's size: a GET that ends before it counts as cut off
   * @param openAt a GET from the given offset to the end
   * @param retries reopens allowed in a row without a byte of progress
   */
  public ResumingRead(
      URI uri,
      long start,
      long end,
      LongFunction<org.apache.pekko.stream.javadsl.Source<ByteString, ?>> openAt,
      int retries,
      Duration backoff,
      S3Problems problems) {
    this.uri = uri;
    this.start = start;
    this.end = end;
    this.openAt = openAt;
    this.retries = retries;
    this.backoff = backoff;
    this.problems = problems;
  }

  @Override
  public SourceShape<ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new Logic();
  }

  /** One read: where it is, and how many reopens in a row have not helped. */
  private final class Logic extends TimerGraphStageLogicWithLogging {
    private long position = start;
    private int failuresInARow;
    private boolean progressSinceOpen;
    private SubSinkInlet<ByteString> body;

    Logic() {
      super(shape);
      setHandler(
          out,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              if (body != null && !body.isClosed() && !body.hasBeenPulled()) body.pull();
            }

            @Override
            public void onDownstreamFinish(Throwable cause) {
              if (body != null && !body.isClosed()) body.cancel(cause);
              cancelTimer("reopen");
              completeStage();
            }
          });
    }

    @Override
    public void preStart() {
      if (position >= end) {
        // A ranged GET at or past the end is refused (416); there is nothing to read anyway.
        completeStage();
      } else {
        open();
      }
    }

    private void open() {
      body = new SubSinkInlet<>("ResumingRead.body");
      progressSinceOpen = false;
      body.setHandler(
          new AbstractInHandler() {
            @Override
            public void onPush() {
              ByteString chunk = body.grab();
              position += chunk.size();
              if (!chunk.isEmpty()) {
                progressSinceOpen = true;
                failuresInARow = 0;
              }
              push(out, chunk);
            }

            @Override
            public void onUpstreamFinish() {
              if (position >= end) {
                completeStage();
              } else {
                retryOrFail(new IllegalStateException(
                    "the body ended after " + (position - start) + " bytes, " + (end - position) + " short of the object's end"));
              }
            }

            @Override
            public void onUpstreamFailure(Throwable cause) {
              retryOrFail(cause);
            }
          });
      openAt.apply(position).runWith(body.sink(), subFusingMaterializer());
      if (isAvailable(out)) body.pull();
    }

    private void retryOrFail(Throwable cause) {
      if (!progressSinceOpen) failuresInARow++;
      else failuresInARow = 1;
      if (failuresInARow > retries || !S3Problems.mayPassOnRetry(cause)) {
        failStage(problems.failure(uri, "reading at offset " + position, cause));
        return;
      }
      log().warning(
          "reopening {} at offset {} after: {}", Redaction.uri(uri), position, problems.describe(cause));
      long pauseMillis = backoff.toMillis() << Math.min(failuresInARow - 1, 16);
      scheduleOnce("reopen", Duration.ofMillis(Math.min(pauseMillis, 30_000)));
    }

    @Override
    public void onTimer(Object key) {
      open();
    }
  }
}
