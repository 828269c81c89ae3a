package io.sluice.connectors.storage.s3;

import io.sluice.connectors.storage.StagedWrite;
import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.connectors.storage.read.ReadBody;
import io.sluice.connectors.storage.read.ResumableRead;
import io.sluice.connectors.storage.write.StagingSink;
import io.sluice.connectors.storage.s3.impl.ConnectorSettings;
import io.sluice.connectors.storage.s3.impl.ListingPlan;
import io.sluice.connectors.storage.s3.impl.S3Calls;
import io.sluice.connectors.storage.s3.impl.S3Location;
import io.sluice.connectors.storage.s3.impl.S3Problems;
import io.sluice.connectors.storage.s3.impl.S3Upload;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.connectors.s3.S3Attributes;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * S3 and S3-compatible stores as a {@link Storage} for {@code s3://bucket/key} URIs, on Pekko
 * Connectors S3: reads resume where a cut-off GET stopped, and writes go into a multipart upload
 * that only {@link StagedWrite#commit()} completes, so a key never shows a partial object.
 */
public final class S3Storage implements Storage {
  private static final Comparator<StoredObject> BY_URI = Comparator.comparing(o -> o.uri().toString());

  private final S3Settings settings;
  private final S3Calls calls;
  private final S3Problems problems;

  private S3Storage(S3Settings settings, S3Calls calls, S3Problems problems) {
    this.settings = settings;
    this.calls = calls;
    this.problems = problems;
  }

  /** A store reached with {@code settings}, its requests run on {@code system}. */
  public static S3Storage create(ClassicActorSystemProvider system, S3Settings settings) {
    Attributes connector = S3Attributes.settings(ConnectorSettings.of(system, settings));
    return new S3Storage(settings, new S3Calls(system, connector), new S3Problems(settings.secretAccessKey()));
  }

  /** The settings this store was made with. */
  public S3Settings settings() {
    return settings;
  }

  @Override
  public CompletionStage<List<StoredObject>> list(URI location) {
    try {
      S3Location where = S3Location.of(location);
      ListingPlan plan = ListingPlan.of(where.key());
      CompletionStage<List<StoredObject>> found =
          plan.exactKey()
              .map(key -> calls.head(where.bucket(), key)
                  .thenCompose(head -> head.isPresent()
                      ? CompletableFuture.completedFuture(List.of(new StoredObject(S3Location.uriOf(where.bucket(), key), head.get().getContentLength())))
                      : listUnder(where.bucket(), plan)))
              .orElseGet(() -> listUnder(where.bucket(), plan));
      return found.exceptionallyCompose(failure -> CompletableFuture.failedFuture(problems.failure(location, "listing", failure)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(problems.failure(location, "listing", e));
    }
  }

  private CompletionStage<List<StoredObject>> listUnder(String bucket, ListingPlan plan) {
    return calls.list(bucket, plan.listPrefix())
        .thenApply(contents -> contents.stream()
            .filter(object -> plan.keeps(object.key()))
            .map(object -> new StoredObject(S3Location.uriOf(bucket, object.key()), object.size()))
            .sorted(BY_URI)
            .toList());
  }

  @Override
  public Source<ByteString, NotUsed> read(StoredObject object, long offset) {
    S3Location where = S3Location.of(object.uri());
    ReadBody body = new ReadBody() {
      @Override
      public Source<ByteString, ?> openAt(long from) {
        return calls.get(where.bucket(), where.key(), from);
      }

      @Override
      public boolean mayPassOnRetry(Throwable failure) {
        return S3Problems.mayPassOnRetry(failure);
      }

      @Override
      public Throwable failure(String doing, Throwable cause) {
        return problems.failure(object.uri(), doing, cause);
      }

      @Override
      public String describe(Throwable failure) {
        return problems.describe(failure);
      }
    };
    return ResumableRead.of(object.uri(), offset, object.size(), body, settings.retries());
  }

  @Override
  public Sink<ByteString, CompletionStage<StagedWrite>> write(URI target) {
    S3Location.of(target);
    return StagingSink.of(() -> new S3Upload(target, calls, problems)).withAttributes(Attributes.name("s3StagedWrite"));
  }

  @Override
  public CompletionStage<Done> delete(URI target) {
    try {
      S3Location where = S3Location.of(target);
      return calls.delete(where.bucket(), where.key())
          .exceptionallyCompose(failure -> CompletableFuture.failedFuture(problems.failure(target, "deleting", failure)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(problems.failure(target, "deleting", e));
    }
  }
}
