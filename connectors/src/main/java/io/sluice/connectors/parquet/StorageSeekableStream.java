package io.sluice.connectors.parquet;

import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StoredObject;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamConverters;
import org.apache.pekko.util.ByteString;

/**
 * A seekable stream made of ranged reads. Seeking only moves the position; the next read opens a store read there,
 * unless the one already open has reached that position or is a short skip away. Reads of known length are bounded
 * to that length, so that the store stops sending when Parquet has what it asked for.
 */
final class StorageSeekableStream extends SeekableInputStream {
  /** Forward gaps up to this size are read through rather than answered with a new request. */
  private static final long SKIP_LIMIT = 128 * 1024;
  /**
   * How long one blocking read waits for the store's next bytes. The store's own read retries (resumable reads)
   * happen below this, so it only ends a read that a store has stopped answering altogether.
   */
  private static final Duration STALL_LIMIT = Duration.ofMinutes(10);
  /**
   * Reads of known length up to this size (a footer, a small file's column chunks) are one {@code Storage.readBytes}
   * when no open read serves them: no stream of their own, so a folder of small files costs no actor per read.
   */
  private static final int SMALL_READ = 1 << 20;
  /**
   * A read of unknown length this close to the end of the file (a footer's length and magic, read byte by byte) takes
   * the rest of the file in one {@code Storage.readBytes} and is served from it.
   */
  private static final int TAIL_READ = 64 * 1024;

  private final Storage storage;
  private final StoredObject object;
  private final Materializer materializer;
  private final ReadCount count;
  private long position;
  private InputStream open;
  /** Where the open read is: the file position of its next byte, and the end it was bounded to. */
  private long openAt;
  private long openEnd;
  /** The end of the file as fetched by a read near it, and where it starts; null until then. */
  private ByteString tail;
  private long tailAt;

  StorageSeekableStream(Storage storage, StoredObject object, Materializer materializer, ReadCount count) {
    this.storage = storage;
    this.object = object;
    this.materializer = materializer;
    this.count = count;
  }

  @Override
  public long getPos() {
    return position;
  }

  @Override
  public void seek(long newPos) throws IOException {
    if (newPos < 0 || newPos > object.size()) throw new EOFException("seek to " + newPos + " outside " + object.uri());
    position = newPos;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) return 0;
    if (position >= object.size()) return -1;
    if (!inTail(1) && !openServes(-1) && object.size() - position <= TAIL_READ) {
      tailAt = position;
      tail = fetch((int) (object.size() - position));
    }
    if (inTail(1)) return fromTail(b, off, (int) Math.min(len, tailAt + tail.size() - position));
    InputStream in = at(-1);
    int n = in.read(b, off, len);
    if (n < 0) {
      closeOpen();
      return -1;
    }
    advance(n);
    return n;
  }

  @Override
  public void readFully(byte[] bytes) throws IOException {
    readFully(bytes, 0, bytes.length);
  }

  @Override
  public void readFully(byte[] bytes, int start, int len) throws IOException {
    if (len == 0) return;
    if (position + len > object.size()) throw new EOFException(len + " bytes at " + position + " reach past the end of " + object.uri());
    if (inTail(len)) {
      fromTail(bytes, start, len);
      return;
    }
    if (len <= SMALL_READ && !openServes(len)) {
      readSmall(bytes, start, len);
      return;
    }
    InputStream in = at(len);
    int done = 0;
    while (done < len) {
      int n = in.read(bytes, start + done, len - done);
      if (n < 0) throw new EOFException("the store ended " + object.uri() + " at " + (position) + ", before its listed size");
      done += n;
      advance(n);
    }
    if (openAt >= openEnd) closeOpen();
  }

  @Override
  public int read(ByteBuffer buf) throws IOException {
    int want = buf.remaining();
    if (want == 0) return 0;
    byte[] chunk = new byte[Math.min(want, 64 * 1024)];
    int n = read(chunk, 0, chunk.length);
    if (n > 0) buf.put(chunk, 0, n);
    return n;
  }

  @Override
  public void readFully(ByteBuffer buf) throws IOException {
    int want = buf.remaining();
    if (buf.hasArray()) {
      readFully(buf.array(), buf.arrayOffset() + buf.position(), want);
      buf.position(buf.position() + want);
    } else {
      byte[] all = new byte[want];
      readFully(all, 0, want);
      buf.put(all);
    }
  }

  @Override
  public void close() {
    closeOpen();
  }

  /** Whether the open read is at {@link #position} or a short skip before it, with {@code length} bytes left (-1: any). */
  private boolean openServes(long length) {
    return open != null && openAt <= position && position - openAt <= SKIP_LIMIT
        && (length < 0 ? openEnd > position : openEnd >= position + length);
  }

  private void readSmall(byte[] into, int start, int len) throws IOException {
    ByteString read = fetch(len);
    if (read.size() < len) throw new EOFException("the store ended " + object.uri() + " at " + (position + read.size()) + ", before its listed size");
    read.copyToArray(into, start, len);
    position += len;
  }

  /** Whether the fetched tail holds the {@code len} bytes at {@link #position}. */
  private boolean inTail(long len) {
    return tail != null && position >= tailAt && position + len <= tailAt + tail.size();
  }

  /** Copies {@code len} bytes at {@link #position} from the tail (counted when it was fetched). */
  private int fromTail(byte[] into, int start, int len) {
    int from = (int) (position - tailAt);
    tail.slice(from, from + len).copyToArray(into, start, len);
    position += len;
    return len;
  }

  /** Up to {@code len} bytes at {@link #position}, in one {@code Storage.readBytes}: no stream of their own. */
  private ByteString fetch(int len) throws IOException {
    ByteString read;
    try {
      read = storage.readBytes(object, position, len, materializer).toCompletableFuture()
          .get(STALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("reading " + object.uri() + " was interrupted");
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("no bytes of " + object.uri() + " within " + STALL_LIMIT, e);
    }
    count.opened();
    count.consumed(read.size());
    return read;
  }

  /** An open read positioned at {@link #position} with at least {@code length} bytes left (-1: any). */
  private InputStream at(long length) throws IOException {
    boolean usable = openServes(length);
    if (usable && openAt < position) {
      long gap = position - openAt;
      open.skipNBytes(gap);
      count.consumed(gap);
      openAt = position;
    }
    if (!usable) {
      closeOpen();
      long end = length < 0 ? object.size() : position + length;
      open = source(position, end).runWith(StreamConverters.asInputStream(STALL_LIMIT), materializer);
      count.opened();
      openAt = position;
      openEnd = end;
    }
    return open;
  }

  /** The store's bytes from {@code from}, ending at {@code end}: the read is cancelled once those have come. */
  private Source<ByteString, NotUsed> source(long from, long end) {
    Source<ByteString, NotUsed> read = storage.read(object, from, end - from);
    if (end >= object.size()) return read;
    long wanted = end - from;
    long[] taken = {0};
    return read.map(chunk -> {
      long left = wanted - taken[0];
      ByteString kept = chunk.size() > left ? chunk.take((int) left) : chunk;
      taken[0] += kept.size();
      return kept;
    }).takeWhile(chunk -> taken[0] < wanted, true);
  }

  private void advance(int n) {
    position += n;
    openAt += n;
    count.consumed(n);
  }

  private void closeOpen() {
    if (open == null) return;
    try {
      open.close();
    } catch (IOException ignored) {
      // closing cancels the store read; nothing is left to release
    }
    open = null;
  }
}
