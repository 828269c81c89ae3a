package io.sluice.connectors.storage;

import java.net.URI;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * The result of a finished {@link Storage#write} stream: every byte is stored, but under a
 * temporary name (or as an unfinished upload) until {@link #commit()} makes it appear under
 * its final name, atomically. {@link #abort()} throws it away.
 */
public interface StagedWrite {

  /** The final location the bytes appear under after {@link #commit()}. */
  URI target();

  /** How many bytes were written. */
  long bytes();

  /** Lower-case hex SHA-256 of the bytes written. */
  String sha256();

  /** Makes the bytes appear under {@link #target()}, replacing what was there. */
  CompletionStage<Done> commit();

  /** Removes the staged bytes; the final name is untouched. Safe to call more than once. */
  CompletionStage<Done> abort();
}
