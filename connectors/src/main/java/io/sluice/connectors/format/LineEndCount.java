package io.sluice.connectors.format;

import org.apache.pekko.util.ByteString;

/** A running count of line ends over a file's first {@code limit} bytes. */
record LineEndCount(long bytesSeen, long lineEnds, long limit) {

  boolean done() {
    return bytesSeen >= limit;
  }

  /** The count after {@code chunk}, ignoring its bytes past the limit. */
  LineEndCount plus(ByteString chunk) {
    int take = (int) Math.min(chunk.size(), limit - bytesSeen);
    long found = 0;
    for (int lf = chunk.indexOf((byte) '\n', 0);
        lf >= 0 && lf < take;
        lf = chunk.indexOf((byte) '\n', lf + 1)) {
      found++;
    }
    return new LineEndCount(bytesSeen + take, lineEnds + found, limit);
  }
}
