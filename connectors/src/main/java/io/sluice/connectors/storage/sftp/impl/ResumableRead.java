package io.sluice.connectors.storage.sftp.impl;

import io.sluice.connectors.storage.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import org.apache.pekko.Done;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.util.ByteString;

/**
 * Internal API: reads one remote file from an offset in chunks, counting the bytes delivered so
 * that, when the connection breaks, a new one continues at the first byte not yet delivered.
 */
public final class ResumableRead {
  private static final int CHUNK_SIZE = 32 * 1024; // the read size every SFTP server serves whole
  // One read request at a time waits a full round trip (and, with Nagle's algorithm on the server,
  // often a delayed ACK too: 0.7 MB/s on loopback); sshj's read-ahead keeps this many in flight.
  private static final int READS_IN_FLIGHT = 16;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final URI uri;
  private final String path;
  private final SftpEndpoint endpoint;
  private final SftpCalls calls;
  private final LoggingAdapter log;
  private final OneAtATime steps = new OneAtATime();
  private long offset;
  private int failuresInARow;
  private SftpConnection connection;
  private RemoteFile file;
  private InputStream stream;

  public ResumableRead(URI uri, long offset, SftpCalls calls, LoggingAdapter log) {
    this.uri = uri;
    this.path = SftpLocations.path(uri);
    this.endpoint = SftpEndpoint.of(uri, calls.settings());
    this.offset = offset;
    this.calls = calls;
    this.log = log;
  }

  /** The next chunk, or empty at the end of the file. */
  public CompletionStage<Optional<ByteString>> next() {
    return steps.then(this::attempt);
  }

  /** Closes the file handle and gives the connection back; waits for a read still running. */
  public CompletionStage<Done> close() {
    return steps.then(() -> Async.run(calls.blocking(), () -> {
      giveBack(null);
      return Done.getInstance();
    }));
  }

  private CompletionStage<Optional<ByteString>> attempt() {
    CompletionStage<InputStream> opened = stream != null ? CompletableFuture.completedFuture(stream) : open();
    return opened
        .thenCompose(remote -> Async.run(calls.blocking(), () -> readChunk(remote)))
        .handle((chunk, failure) ->
            failure == null ? CompletableFuture.completedFuture(chunk) : recover(Async.unwrap(failure)))
        .thenCompose(next -> next);
  }

  private CompletionStage<InputStream> open() {
    return calls.pool().acquire(endpoint).thenCompose(acquired -> {
      connection = acquired;
      return Async.run(calls.blocking(), () -> {
        file = acquired.sftp().open(path, EnumSet.of(OpenMode.READ));
        // Reads at explicit offsets, starting from the first byte not yet delivered.
        stream = file.new ReadAheadRemoteFileInputStream(READS_IN_FLIGHT, offset);
        return stream;
      });
    });
  }

  private Optional<ByteString> readChunk(InputStream remote) throws IOException {
    byte[] buffer = new byte[CHUNK_SIZE];
    int read = remote.read(buffer, 0, CHUNK_SIZE);
    if (read < 0) return Optional.empty();
    offset += read;
    failuresInARow = 0;
    return Optional.of(ByteString.fromArrayUnsafe(buffer, 0, read));
  }

  private CompletionStage<Optional<ByteString>> recover(Throwable failure) {
    return Async.run(calls.blocking(), () -> {
      giveBack(failure);
      return Done.getInstance();
    }).thenCompose(released -> {
      if (!SftpFailures.retryable(failure) || failuresInARow >= calls.settings().readRetries()) {
        String doing = "reading from byte " + offset
            + (failuresInARow > 0 ? " after " + failuresInARow + " reconnects" : "");
        return Async.failed(calls.failure(uri, doing, failure));
      }
      failuresInARow++;
      log.warning("SFTP: reopening {} at byte {} after a failed read ({}): {}",
          Redaction.uri(uri), offset,
          "retry " + failuresInARow + " in a row, at most " + calls.settings().readRetries(),
          SftpFailures.describe(failure, calls.settings().password()));
      return Async.after(backoff(), calls.blocking()).thenCompose(waited -> attempt());
    });
  }

  /** The configured backoff, doubled for each further failure in a row. */
  private Duration backoff() {
    Duration wait = calls.settings().retryBackoff().multipliedBy(1L << Math.min(failuresInARow - 1, 16));
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }

  /** Blocking: lets go of the handle and the connection (dropped if the network failed). */
  private void giveBack(Throwable failure) {
    if (connection == null) return;
    Throwable problem = failure;
    if (file != null && (problem == null || SftpFailures.isServerAnswer(problem))) {
      try {
        file.close();
      } catch (IOException e) {
        problem = e;
      }
    }
    calls.pool().giveBack(connection, problem);
    connection = null;
    file = null;
    stream = null;
  }
}
