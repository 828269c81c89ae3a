package io.sluice.connectors.parquet;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.io.SeekableInputStream;

/**
 * One column chunk's bytes, read in windows: only a window (or one page, where a page is larger) is in memory at a
 * time, each window one ranged read of the file. Every window is a fresh array, so a page handed out as a slice of
 * the last window stays valid while the next one is read.
 */
final class ColumnChunkBytes {
  private final SeekableInputStream file;
  private final long end;
  private final int windowSize;
  /** The file position of {@code window[0]}. */
  private long windowStart;
  private byte[] window = new byte[0];
  private int at;
  /** Where the window's bytes of this chunk end (a chunk read whole may share its array with its neighbours). */
  private int limit;

  /** A chunk read window by window from {@code file}, from {@code start} to {@code end}. */
  ColumnChunkBytes(SeekableInputStream file, long start, long end, int windowSize) {
    this.file = file;
    this.end = end;
    this.windowSize = windowSize;
    this.windowStart = start;
  }

  /** A chunk already read whole: {@code bytes[offset, offset + length)}. */
  ColumnChunkBytes(byte[] bytes, int offset, int length, long start) {
    this.file = null;
    this.end = start + length;
    this.windowSize = length;
    this.window = bytes;
    this.at = offset;
    this.limit = offset + length;
    this.windowStart = start - offset;
  }

  /** Whether the chunk has bytes left. */
  boolean hasMore() {
    return windowStart + at < end;
  }

  /** The next {@code n} bytes; a slice of the window where they fit in one, else their own array. */
  BytesInput take(int n) throws IOException {
    if (n > limit - at) {
      if (n > windowSize) return BytesInput.from(readOwn(n));
      refill(n);
    }
    BytesInput slice = BytesInput.from(window, at, n);
    at += n;
    return slice;
  }

  /** The chunk as a stream from the current position, to read a page header (a few bytes to a few KiB). */
  InputStream stream() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        if (at == limit) refill(1);
        return window[at++] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (at == limit) refill(1);
        int n = Math.min(len, limit - at);
        System.arraycopy(window, at, b, off, n);
        at += n;
        return n;
      }
    };
  }

  /** A new window from the current position, holding what was left of the old one and at least {@code need} bytes. */
  private void refill(int need) throws IOException {
    long position = windowStart + at;
    int left = limit - at;
    int size = (int) Math.min(Math.max(windowSize, need), end - position);
    if (size < need) throw new EOFException(need + " bytes at " + position + " run past the end of the column chunk at " + end);
    byte[] next = new byte[size];
    System.arraycopy(window, at, next, 0, left);
    readFully(position + left, next, left, size - left);
    window = next;
    windowStart = position;
    at = 0;
    limit = size;
  }

  /** {@code n} bytes from the current position in an array of their own (a page larger than a window). */
  private byte[] readOwn(int n) throws IOException {
    long position = windowStart + at;
    if (position + n > end) throw new EOFException(n + " bytes at " + position + " run past the end of the column chunk at " + end);
    byte[] own = new byte[n];
    int left = limit - at;
    System.arraycopy(window, at, own, 0, left);
    readFully(position + left, own, left, n - left);
    window = new byte[0];
    windowStart = position + n;
    at = 0;
    limit = 0;
    return own;
  }

  private void readFully(long position, byte[] into, int offset, int length) throws IOException {
    if (length == 0) return;
    if (file == null) throw new EOFException("the column chunk read whole ends at " + end);
    file.seek(position);
    file.readFully(into, offset, length);
  }
}
