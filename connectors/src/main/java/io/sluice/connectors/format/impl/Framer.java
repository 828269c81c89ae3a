package io.sluice.connectors.format.impl;

import io.sluice.connectors.format.FramingSettings;
import io.sluice.connectors.format.RawRecord;
import org.apache.pekko.util.ByteString;

/**
 * The framing state machine of one split, fed chunk by chunk (see {@link io.sluice.connectors.format.RecordFraming}
 * for the rules). {@link FramingStage} drives it from a stream; a caller that holds a small file's bytes whole frames
 * them with no stream at all.
 */
public final class Framer {
  private static final byte LF = '\n';
  private static final byte CR = '\r';

  /** A cached search position meaning "no such byte in the rest of this chunk". */
  private static final int NONE = Integer.MAX_VALUE;

  /** A cached search position meaning "not searched yet in this chunk". */
  private static final int UNSEARCHED = -1;

  private final long splitEnd;
  private final int maxLength;
  private final byte quote;
  private final boolean quoteAware;

  private ByteString chunk = ByteString.emptyByteString();
  private long chunkOffset;
  private int index;
  private int nextLf = UNSEARCHED;
  private int nextQuote = UNSEARCHED;
  private boolean skippingPartialLine;
  private boolean inputEnded;
  private boolean finished;

  // The record being assembled.
  private long recordStart;
  private long recordLine = 1;
  private long recordLength;
  private int lineBreaksInside;
  private boolean inQuote;
  private byte lastByte;
  private ByteString kept = ByteString.emptyByteString();
  private int keptPieces;

  public Framer(FramingSettings settings) {
    if (settings.maxRecordLength() <= 0) {
      throw new IllegalArgumentException("maxRecordLength must be positive: " + settings.maxRecordLength());
    }
    splitEnd = settings.splitEnd();
    maxLength = settings.maxRecordLength();
    quote = settings.quote();
    quoteAware = settings.quoteAware();
    chunkOffset = settings.readOffset();
    recordStart = settings.readOffset();
    skippingPartialLine = settings.splitStart() > 0;
  }

  /** The next bytes of the file; call only once {@link #next()} returned null without {@link #finished()}. */
  public void offer(ByteString bytes) {
    chunkOffset += chunk.size();
    chunk = bytes;
    index = 0;
    nextLf = UNSEARCHED;
    nextQuote = UNSEARCHED;
  }

  /** No bytes come after those offered: the last record may lack its line end. */
  public void endOfInput() {
    inputEnded = true;
  }

  /** True once the split has no more records (its end was passed or the input ended). */
  public boolean finished() {
    return finished;
  }

  /** The next non-blank record; null when {@link #finished()} or when it needs the next chunk. */
  public RawRecord next() {
    while (!finished) {
      if (!skippingPartialLine && recordStart >= splitEnd) {
        finished = true;
        return null;
      }
      if (index == chunk.size()) {
        if (!inputEnded) return null;
        finished = true;
        return !skippingPartialLine && recordLength > 0 ? closeRecord() : null;
      }
      if (skippingPartialLine) {
        skipPartialLine();
        continue;
      }
      int end = quoteAware ? unquotedLf(index) : chunk.indexOf(LF, index);
      int stop = end < 0 ? chunk.size() : end;
      keep(index, stop);
      if (end < 0) {
        index = stop;
        continue;
      }
      index = end + 1;
      RawRecord record = closeRecord();
      if (record != null) {
        if (recordStart >= splitEnd) finished = true;
        return record;
      }
    }
    return null;
  }

  /** The split's first line belongs to the previous split unless a line ends just before it. */
  private void skipPartialLine() {
    int lf = chunk.indexOf(LF, index);
    if (lf < 0) {
      index = chunk.size();
      return;
    }
    index = lf + 1;
    skippingPartialLine = false;
    recordStart = chunkOffset + index;
  }

  /**
   * The next line end in this chunk outside a quoted field, or -1; updates the quote state and
   * counts the line ends passed inside quotes. Search results are cached per chunk so that a
   * chunk is scanned once however its quotes and line ends interleave.
   */
  private int unquotedLf(int from) {
    while (true) {
      if (nextLf != NONE && nextLf < from) nextLf = orNone(chunk.indexOf(LF, from));
      if (nextQuote != NONE && nextQuote < from) nextQuote = orNone(chunk.indexOf(quote, from));
      if (nextQuote < nextLf) {
        inQuote = !inQuote;
        from = nextQuote + 1;
      } else if (nextLf == NONE) {
        return -1;
      } else if (inQuote) {
        lineBreaksInside++;
        from = nextLf + 1;
      } else {
        return nextLf;
      }
    }
  }

  /** Adds chunk bytes {@code [from, to)} to the record, keeping only what can be emitted. */
  private void keep(int from, int to) {
    int n = to - from;
    if (n == 0) return;
    recordLength += n;
    lastByte = chunk.apply(to - 1);
    // At offset 0 a byte-order mark may come first, which is not part of the record.
    long limit = maxLength + (recordStart == 0 ? 3L : 0L);
    int room = (int) Math.min(n, limit - kept.size());
    if (room > 0) {
      kept = kept.concat(chunk.slice(from, from + room));
      keptPieces++;
    }
  }

  /** The finished record (null when blank), resetting the state for the one after it. */
  private RawRecord closeRecord() {
    long length = recordLength;
    long offset = recordStart;
    ByteString bytes = keptPieces > 1 ? kept.compact() : kept;
    if (lastByte == CR) length--;
    if (offset == 0 && length >= 3 && startsWithByteOrderMark(bytes)) {
      bytes = bytes.drop(3);
      length -= 3;
      offset = 3;
    }
    RawRecord record =
        length == 0
            ? null
            : new RawRecord(bytes.take((int) Math.min(length, maxLength)), offset, recordLine, length > maxLength);
    recordLine += 1 + lineBreaksInside;
    recordStart = chunkOffset + index;
    recordLength = 0;
    lineBreaksInside = 0;
    inQuote = false;
    lastByte = 0;
    kept = ByteString.emptyByteString();
    keptPieces = 0;
    return record;
  }

  private static boolean startsWithByteOrderMark(ByteString bytes) {
    return bytes.size() >= 3
        && bytes.apply(0) == (byte) 0xEF
        && bytes.apply(1) == (byte) 0xBB
        && bytes.apply(2) == (byte) 0xBF;
  }

  private static int orNone(int found) {
    return found < 0 ? NONE : found;
  }
}
