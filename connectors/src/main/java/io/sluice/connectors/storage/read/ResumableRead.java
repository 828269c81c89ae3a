package io.sluice.connectors.storage.read;

import io.sluice.connectors.storage.Redaction;
import java.net.URI;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogicWithLogging;
import org.apache.pekko.util.ByteString;

/**
 * The one read every remote store uses: an object's bytes from an offset to its end, through
 * attempts a store opens ({@link ReadBody#openAt}), resumed where a broken attempt stopped.
 *
 * <p>The rule, the same for every store:
 *
 * <ul>
 *   <li>A read reopens at the byte after the last one it delivered, so no byte is lost or
 *       delivered twice. An attempt that ends before the object's size counts as broken.
 *   <li>Failures count only while no byte has arrived: any byte of progress sets the count back
 *       to zero. So after its last byte (or its start) a read is reopened at most {@code
 *       retries} times; failure number {@code retries + 1} fails it, naming the offset it
 *       reached. A failure the store judges final ({@link ReadBody#mayPassOnRetry}) fails it at
 *       once.
 *   <li>Before the n-th reopen in a row it waits {@code min-backoff × 2^(n-1)}, at most
 *       {@code max-backoff}, plus up to {@code random-factor} of that at random
 *       ({@link ReadRetries#backoff}). Each reopen is logged as a warning.
 * </ul>
 *
 * Cancelling the read cancels the attempt under way, which gives its connection back.
 */
public final class ResumableRead extends GraphStage<SourceShape<ByteString>> {
  private static final String REOPEN = "reopen";

  private final Outlet<ByteString> out = Outlet.create("ResumableRead.out");
  private final SourceShape<ByteString> shape = SourceShape.of(out);
  private final URI uri;
  private final long start;
  private final long end;
  private final ReadBody body;
  private final ReadRetries retries;

  private ResumableRead(URI uri, long start, long end, ReadBody body, ReadRetries retries) {
    this.uri = uri;
    this.start = start;
    this.end = end;
    this.body = body;
    this.retries = retries;
  }

  /**
   * The bytes of the object at {@code uri} (of {@code size} bytes) from {@code offset} to its end;
   * empty when {@code offset} is at or past the end, so that no store is asked for a range it
   * would refuse.
   */
  public static Source<ByteString, NotUsed> of(URI uri, long offset, long size, ReadBody body, ReadRetries retries) {
    if (offset < 0) {
      return Source.failed(body.failure("reading from offset " + offset, new IllegalArgumentException("the offset must not be negative")));
    }
    if (offset >= size) return Source.empty();
    return Source.fromGraph(new ResumableRead(uri, offset, size, body, retries));
  }

  @Override
  public SourceShape<ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new Logic();
  }

  /** One read: the offset it has reached and its failures since the last byte of progress. */
  private final class Logic extends TimerGraphStageLogicWithLogging {
    private long position = start;
    private int failuresWithoutProgress;
    private SubSinkInlet<ByteString> attempt;

    Logic() {
      super(shape);
      setHandler(out, new AbstractOutHandler() {
        @Override
        public void onPull() {
          if (attempt != null && !attempt.isClosed() && !attempt.hasBeenPulled()) attempt.pull();
        }

        @Override
        public void onDownstreamFinish(Throwable cause) {
          if (attempt != null && !attempt.isClosed()) attempt.cancel(cause);
          cancelTimer(REOPEN);
          completeStage();
        }
      });
    }

    @Override
    public void preStart() {
      open();
    }

    private void open() {
      SubSinkInlet<ByteString> current = new SubSinkInlet<>("ResumableRead.attempt");
      attempt = current;
      current.setHandler(new AbstractInHandler() {
        @Override
        public void onPush() {
          ByteString chunk = current.grab();
          if (chunk.isEmpty()) {
            current.pull();
            return;
          }
          position += chunk.size();
          failuresWithoutProgress = 0;
          push(out, chunk);
        }

        @Override
        public void onUpstreamFinish() {
          if (position >= end) {
            completeStage();
          } else {
            broken(new IllegalStateException("the transfer ended " + (end - position) + " bytes before the object's end"));
          }
        }

        @Override
        public void onUpstreamFailure(Throwable cause) {
          broken(cause);
        }
      });
      Source<ByteString, ?> bytes;
      try {
        bytes = Source.fromGraph(body.openAt(position));
      } catch (RuntimeException e) {
        broken(e);
        return;
      }
      bytes.runWith(current.sink(), subFusingMaterializer());
      if (isAvailable(out)) current.pull();
    }

    private void broken(Throwable cause) {
      failuresWithoutProgress++;
      if (failuresWithoutProgress > retries.retries() || !body.mayPassOnRetry(cause)) {
        String attempts = failuresWithoutProgress > 1 ? " (" + failuresWithoutProgress + " failures since the last byte of progress)" : "";
        failStage(body.failure("reading from offset " + position + attempts, cause));
        return;
      }
      var wait = retries.backoff(failuresWithoutProgress);
      if (log().isWarningEnabled()) {
        log().warning("reopening " + Redaction.uri(uri) + " at offset " + position + " in " + wait.toMillis()
            + " ms (failure " + failuresWithoutProgress + " in a row without progress, at most " + retries.retries()
            + " reopens): " + body.describe(cause));
      }
      scheduleOnce(REOPEN, wait);
    }

    @Override
    public void onTimer(Object key) {
      open();
    }
  }
}
