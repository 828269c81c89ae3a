package io.sluice.connectors.storage.read;

import org.apache.pekko.util.ByteString;

/**
 * What a store supplies to {@link ResumableRead}: one attempt at an object's bytes from an
 * offset, and how to judge its failures. Messages made here must never hold a secret.
 */
public interface ReadBody {

  /**
   * The object's bytes from {@code offset} to its end, over one connection or request. It fails
   * when that connection breaks; cancelling it gives the connection back.
   */
  org.apache.pekko.stream.javadsl.Source<ByteString, ?> openAt(long offset);

  /** False for a failure no reopen can mend (a missing file, a refused login): the read fails at once. */
  boolean mayPassOnRetry(Throwable failure);

  /** The read's final failure, naming the location and {@code doing} (for example "reading from offset 42"). */
  Throwable failure(String doing, Throwable cause);

  /** The failure as one line for the warning logged before a reopen. */
  String describe(Throwable failure);
}
