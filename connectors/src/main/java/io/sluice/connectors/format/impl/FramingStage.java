package io.sluice.connectors.format.impl;

import io.sluice.connectors.format.FramingSettings;
import io.sluice.connectors.format.RawRecord;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.InHandler;
import org.apache.pekko.stream.stage.OutHandler;
import org.apache.pekko.util.ByteString;

/**
 * Cuts one split of a file into line records with their file offsets and split-relative line
 * numbers (see {@link io.sluice.connectors.format.RecordFraming} for the rules), by feeding a
 * {@link Framer} what arrives and pushing what it frames.
 */
public final class FramingStage extends GraphStage<FlowShape<ByteString, RawRecord>> {
  private final Inlet<ByteString> in = Inlet.create("RecordFraming.in");
  private final Outlet<RawRecord> out = Outlet.create("RecordFraming.out");
  private final FlowShape<ByteString, RawRecord> shape = FlowShape.of(in, out);
  private final FramingSettings settings;

  public FramingStage(FramingSettings settings) {
    if (settings.maxRecordLength() <= 0) {
      throw new IllegalArgumentException(
          "maxRecordLength must be positive: " + settings.maxRecordLength());
    }
    this.settings = settings;
  }

  @Override
  public FlowShape<ByteString, RawRecord> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new Logic();
  }

  /** One materialization: its own framer. */
  private final class Logic extends GraphStageLogic implements InHandler, OutHandler {
    private final Framer framer = new Framer(settings);

    Logic() {
      super(shape);
      setHandlers(in, out, this);
    }

    @Override
    public void onPush() {
      framer.offer(grab(in));
      advance();
    }

    @Override
    public void onPull() {
      advance();
    }

    @Override
    public void onUpstreamFinish() {
      framer.endOfInput();
      if (isAvailable(out)) advance();
    }

    /** Emits the next non-blank record, or asks for more bytes, or completes. */
    private void advance() {
      RawRecord record = framer.next();
      if (record != null) push(out, record);
      if (framer.finished()) {
        completeStage();
      } else if (record == null) {
        pull(in);
      }
    }
  }
}
