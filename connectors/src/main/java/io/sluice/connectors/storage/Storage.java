package io.sluice.connectors.storage;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * A place that holds objects (a filesystem, a bucket, a server): list, read a byte range,
 * write with an atomic commit. Implementations run blocking calls on a blocking dispatcher
 * and never put secrets into exception messages.
 */
public interface Storage {

  /**
   * The objects at a location, sorted by their full URI: a directory (all files below it,
   * recursively, skipping names that start with {@code .} or {@code _}), a prefix, one
   * object, or a glob ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}}) in the last
   * segment. An empty list when nothing matches; a failed stage with a
   * {@link StorageException} when the store cannot be reached or refuses.
   */
  CompletionStage<List<StoredObject>> list(URI location);

  /**
   * What writes to targets directly in {@code folder} left under their hidden temporary names (a process killed
   * mid-write never renames or removes them; {@link TemporaryNames}), for the owner of those targets to
   * delete. Not recursive; empty when the folder does not exist. By default none: a store whose writes leave
   * nothing under another name (S3's uploads are multipart, invisible until completed).
   */
  default CompletionStage<List<StoredObject>> listLeftovers(URI folder) {
    return CompletableFuture.completedFuture(List.of());
  }

  /** The object's bytes from {@code offset} to its end; cancelling the stream stops the read. */
  Source<ByteString, NotUsed> read(StoredObject object, long offset);

  /**
   * The same bytes as {@link #read(StoredObject, long)}, for a reader that expects to need about the first
   * {@code expected} of them and to cancel soon after: a store may size its reads to that instead of reading
   * ahead (a partition of a few KiB must not cost a read-ahead of megabytes). Every byte to the end still comes
   * if the reader keeps pulling.
   */
  default Source<ByteString, NotUsed> read(StoredObject object, long offset, long expected) {
    return read(object, offset);
  }

  /**
   * Up to {@code length} bytes from {@code offset} (fewer at the object's end) as one value, for reads known to be
   * small: a header, a file of a few KiB. A store may serve it without a stream (the local store makes one blocking
   * call); by default the bytes are gathered from {@link #read(StoredObject, long, long)}, which stops at {@code length}.
   */
  default CompletionStage<ByteString> readBytes(StoredObject object, long offset, int length, Materializer materializer) {
    return read(object, offset, length)
        .scan(ByteString.emptyByteString(), (gathered, chunk) -> gathered.concat(chunk.take(length - gathered.size())))
        .takeWhile(gathered -> gathered.size() < length, true)
        .runWith(Sink.last(), materializer);
  }

  /**
   * A sink that stores what it receives for {@code target}. Its value completes, once the
   * stream completes, with a {@link StagedWrite} to commit or abort; if the stream fails,
   * the staged bytes are removed and the value fails.
   */
  Sink<ByteString, CompletionStage<StagedWrite>> write(URI target);

  /** Deletes one object; succeeds if it did not exist. */
  CompletionStage<Done> delete(URI target);
}
