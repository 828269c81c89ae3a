package io.sluice.connectors.format;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * A file holding a line of 100 MiB of 'x' between two texts, made chunk by chunk as it is read, so
 * that nothing but the reader can hold the line; it counts how many of the line's chunks are still
 * reachable when the last one is asked for.
 */
final class HugeLineFile {
  static final int CHUNK = 64 * 1024;
  static final int CHUNKS = 1600;

  /**
   * Fewer chunks than this may stay reachable: 4 MiB, against 100 MiB for a reader holding the
   * line.
   */
  static final int REACHABLE_LIMIT = 64;

  private final byte[] before;
  private final byte[] after;
  private final List<WeakReference<byte[]>> made = new ArrayList<>();
  private volatile int reachableAtTheLastChunk = -1;

  HugeLineFile(String before, String after) {
    this.before = FuzzFileBuilder.utf8(before);
    this.after = FuzzFileBuilder.utf8(after);
  }

  long length() {
    return before.length + (long) CHUNK * CHUNKS + after.length;
  }

  /** Offset of the first byte after the long line's 'x's. */
  long lineEnd() {
    return before.length + (long) CHUNK * CHUNKS;
  }

  /**
   * Chunks of the long line a full collection left when its last chunk was asked for; -1 before.
   */
  int reachableAtTheLastChunk() {
    return reachableAtTheLastChunk;
  }

  /** The file from {@code from} on. */
  Source<ByteString, NotUsed> from(long from) {
    return Source.fromIterator(() -> new Chunks(from));
  }

  /**
   * Walks the file: the text before, the line's chunks made fresh one at a time, the text after.
   */
  private final class Chunks implements Iterator<ByteString> {
    private long position;

    Chunks(long from) {
      this.position = from;
    }

    @Override
    public boolean hasNext() {
      return position < length();
    }

    @Override
    public ByteString next() {
      if (!hasNext()) throw new NoSuchElementException();
      if (position < before.length) {
        ByteString text =
            ByteString.fromArray(before, (int) position, before.length - (int) position);
        position = before.length;
        return text;
      }
      if (position < lineEnd()) {
        long intoLine = position - before.length;
        int index = (int) (intoLine / CHUNK);
        int within = (int) (intoLine % CHUNK);
        if (index == CHUNKS - 1) reachableAtTheLastChunk = reachable();
        byte[] chunk = new byte[CHUNK];
        Arrays.fill(chunk, (byte) 'x');
        made.add(new WeakReference<>(chunk));
        position += CHUNK - within;
        return ByteString.fromArrayUnsafe(chunk).drop(within);
      }
      int at = (int) (position - lineEnd());
      position = length();
      return ByteString.fromArray(after, at, after.length - at);
    }
  }

  /** Retried, since a collection can only be requested. */
  private int reachable() {
    int reachable = made.size();
    for (int attempt = 0; attempt < 5 && reachable >= REACHABLE_LIMIT; attempt++) {
      System.gc();
      reachable = (int) made.stream().filter(chunk -> chunk.get() != null).count();
    }
    return reachable;
  }
}
