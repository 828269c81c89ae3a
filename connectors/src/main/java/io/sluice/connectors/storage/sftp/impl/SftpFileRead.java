package io.sluice.connectors.storage.sftp.impl;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.EnumSet;
import java.util.Optional;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Internal API: one read of a remote file from an offset over one pooled connection, the attempt
 * that {@code ResumableRead} opens for SFTP (and opens again at the offset reached when it breaks).
 * The connection goes back to the pool when the read ends, and is dropped when it broke.
 */
public final class SftpFileRead {
  private static final int CHUNK_SIZE = 32 * 1024; // the read size every SFTP server serves whole
  // One read request at a time waits a full round trip (and, with Nagle's algorithm on the server,
  // often a delayed ACK too: 0.7 MB/s on loopback); sshj's read-ahead keeps this many in flight.
  private static final int READS_IN_FLIGHT = 16;

  private final SftpCalls calls;
  private final SftpConnection connection;
  private RemoteFile file;
  private InputStream stream;
  private Throwable broken;

  private SftpFileRead(SftpCalls calls, SftpConnection connection) {
    this.calls = calls;
    this.connection = connection;
  }

  /** The bytes of the file at {@code uri} from {@code offset} to its end; fails when the connection breaks. */
  public static Source<ByteString, NotUsed> from(SftpCalls calls, URI uri, long offset) {
    String path = SftpLocations.path(uri);
    SftpEndpoint endpoint = SftpEndpoint.of(uri, calls.settings());
    return Source.unfoldResourceAsync(
        () -> calls.pool().acquire(endpoint)
            .thenCompose(connection -> Async.run(calls.blocking(), () -> open(calls, connection, path, offset))),
        read -> Async.run(calls.blocking(), read::next),
        read -> Async.run(calls.blocking(), read::close));
  }

  private static SftpFileRead open(SftpCalls calls, SftpConnection connection, String path, long offset) throws IOException {
    SftpFileRead read = new SftpFileRead(calls, connection);
    try {
      read.file = connection.sftp().open(path, EnumSet.of(OpenMode.READ));
      // Reads at explicit offsets, starting from the first byte not yet delivered.
      read.stream = read.file.new ReadAheadRemoteFileInputStream(READS_IN_FLIGHT, offset);
      return read;
    } catch (IOException | RuntimeException e) {
      read.broken = e;
      read.close();
      throw e;
    }
  }

  private Optional<ByteString> next() throws IOException {
    try {
      byte[] buffer = new byte[CHUNK_SIZE];
      int read = stream.read(buffer, 0, CHUNK_SIZE);
      if (read < 0) return Optional.empty();
      return Optional.of(ByteString.fromArrayUnsafe(buffer, 0, read));
    } catch (IOException | RuntimeException e) {
      broken = e;
      throw e;
    }
  }

  /** Lets go of the handle and the connection (dropped if the network failed). */
  private Done close() {
    Throwable problem = broken;
    if (file != null && (problem == null || SftpFailures.isServerAnswer(problem))) {
      try {
        file.close();
      } catch (IOException e) {
        problem = e;
      }
    }
    calls.pool().giveBack(connection, problem);
    return Done.getInstance();
  }
}
