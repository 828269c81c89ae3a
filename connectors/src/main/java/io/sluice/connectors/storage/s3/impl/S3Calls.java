package io.sluice.connectors.storage.s3.impl;

import io.sluice.connectors.storage.ListingLimit;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.model.headers.ByteRange;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.connectors.s3.ListBucketResultContents;
import org.apache.pekko.stream.connectors.s3.MultipartUploadResult;
import org.apache.pekko.stream.connectors.s3.ObjectMetadata;
import org.apache.pekko.stream.connectors.s3.Part;
import org.apache.pekko.stream.connectors.s3.UploadPartResponse;
import org.apache.pekko.stream.connectors.s3.javadsl.S3;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The Pekko Connectors S3 calls one store makes, each run with that store's settings attached, so
 * that stores with different endpoints and credentials share one actor system.
 */
public final class S3Calls {
  /** The part size the connector's Java API cuts multipart uploads into (its minimum, 5 MiB). */
  public static final int PART_SIZE = 5 * 1024 * 1024;

  /**
   * How long a request may go without an answer. Pekko HTTP's pool retries a refused connection
   * with a backoff that grows to minutes, so without this an unreachable endpoint hangs a call.
   */
  static final Duration NO_ANSWER = Duration.ofSeconds(10);

  private final ClassicActorSystemProvider system;
  private final Attributes settings;

  public S3Calls(ClassicActorSystemProvider system, Attributes settings) {
    this.system = system;
    this.settings = settings;
  }

  /** The actor system the calls run on. */
  public ClassicActorSystemProvider system() {
    return system;
  }

  /** Every object whose key starts with {@code prefix}, in key order. */
  public CompletionStage<List<ListBucketResultContents>> list(String bucket, String prefix) {
    // One more than a listing may hold, so that a bucket listing without end is cut off, not collected.
    return S3.listBucket(bucket, Optional.of(prefix)).withAttributes(settings).idleTimeout(NO_ANSWER)
        .take(ListingLimit.MAX_OBJECTS + 1L).runWith(Sink.seq(), system)
        .thenApply(contents -> {
          if (contents.size() > ListingLimit.MAX_OBJECTS) {
            throw ListingLimit.tooMany(S3Location.uriOf(bucket, prefix), ListingLimit.MAX_OBJECTS);
          }
          return contents;
        });
  }

  /** The object's metadata, or empty when there is no such key. */
  public CompletionStage<Optional<ObjectMetadata>> head(String bucket, String key) {
    return S3.getObjectMetadata(bucket, key).withAttributes(settings).idleTimeout(NO_ANSWER).runWith(Sink.head(), system);
  }

  /**
   * One ranged GET, from {@code offset} to the end. Only the first bytes have a deadline: later
   * pauses may be the reader's own backpressure.
   */
  public Source<ByteString, ?> get(String bucket, String key, long offset) {
    return S3.getObject(bucket, key, ByteRange.createFromOffset(offset)).withAttributes(settings).initialTimeout(NO_ANSWER);
  }

  /**
   * A multipart upload that reports each part to {@code uploadedParts} as it is stored. The
   * upload is completed only if the stream completes, so a caller that fails it on purpose keeps
   * the upload open.
   */
  public Sink<Pair<ByteString, Integer>, CompletionStage<MultipartUploadResult>> multipartUpload(
      String bucket, String key, Sink<Pair<UploadPartResponse, Iterable<Integer>>, ?> uploadedParts) {
    return S3.<Integer>multipartUploadWithContext(bucket, key, uploadedParts).withAttributes(settings);
  }

  /** Stores {@code bytes} as the whole object in one PUT. */
  public CompletionStage<Done> put(String bucket, String key, ByteString bytes) {
    return S3.putObject(bucket, key, Source.single(bytes), bytes.size())
        .withAttributes(settings)
        .runWith(Sink.ignore(), system);
  }

  /** Completes an open upload with {@code parts}. */
  public CompletionStage<Done> complete(String bucket, String key, String uploadId, List<Part> parts) {
    return S3.completeMultipartUpload(bucket, key, uploadId, parts, system, settings).thenApply(r -> Done.getInstance());
  }

  /** Uploads {@code lastPart} after {@code parts} into an open upload, then completes it. */
  public CompletionStage<Done> completeWith(
      String bucket, String key, String uploadId, List<Part> parts, ByteString lastPart) {
    return Source.single(lastPart)
        .runWith(S3.resumeMultipartUpload(bucket, key, uploadId, parts).withAttributes(settings), system)
        .thenApply(r -> Done.getInstance());
  }

  /** Aborts an open upload, dropping its parts. */
  public CompletionStage<Done> abortUpload(String bucket, String key, String uploadId) {
    return S3.deleteUpload(bucket, key, uploadId, system, settings);
  }

  /** Deletes one object (S3 reports success for a missing key too). */
  public CompletionStage<Done> delete(String bucket, String key) {
    return S3.deleteObject(bucket, key).withAttributes(settings).idleTimeout(NO_ANSWER).runWith(Sink.ignore(), system);
  }
}
