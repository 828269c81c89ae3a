package io.sluice.engine.plan;

import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StoredObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/** The names Sluice writes under an output location, and finding or clearing them. */
public final class OutputLocation {
  public static final String MANIFEST = "_manifest.json";
  public static final String SUCCESS = "_SUCCESS";
  public static final String ERRORS_DIR = "_errors/";

  private OutputLocation() {}

  /**
   * A name below the output location. Joined as text, because URI.resolve turns
   * {@code file:///a/} into {@code file:/a/} and users compare what we print with what they wrote.
   */
  public static URI resolve(URI output, String name) {
    String text = output.toString();
    return URI.create(text.endsWith("/") ? text + name : text + "/" + name);
  }

  /** Sluice's files already at the location: part files, errors files, manifest, _SUCCESS. */
  public static CompletionStage<List<StoredObject>> existing(Storage storage, URI output) {
    List<CompletionStage<List<StoredObject>>> lookups = List.of(
        storage.list(resolve(output, "part-*")),
        storage.list(resolve(output, ERRORS_DIR)),
        storage.list(resolve(output, MANIFEST)),
        storage.list(resolve(output, SUCCESS)));
    CompletionStage<List<StoredObject>> all = CompletableFuture.completedFuture(new ArrayList<>());
    for (CompletionStage<List<StoredObject>> lookup : lookups) {
      all = all.thenCombine(lookup, (acc, found) -> {
        acc.addAll(found);
        return acc;
      });
    }
    return all;
  }

  /** Deletes Sluice's files at the location (for {@code mode = overwrite}); leaves others alone. */
  public static CompletionStage<Done> clear(Storage storage, URI output) {
    return existing(storage, output).thenCompose(found -> {
      CompletionStage<Done> done = CompletableFuture.completedFuture(Done.getInstance());
      for (StoredObject o : found) done = done.thenCompose(d -> storage.delete(o.uri()));
      return done;
    });
  }
}
