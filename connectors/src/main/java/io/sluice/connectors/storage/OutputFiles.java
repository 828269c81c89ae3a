package io.sluice.connectors.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.pekko.Done;

/**
 * The names Sluice writes under an output location, and finding or clearing exactly those: the
 * rule every store is held to (the storage contract suite deletes through it), so that
 * {@code mode = overwrite} never removes a file Sluice did not write.
 */
public final class OutputFiles {
  public static final String MANIFEST = "_manifest.json";
  public static final String SUCCESS = "_SUCCESS";
  public static final String ERRORS_DIR = "_errors/";

  private static final Pattern OWN_NAMES = Pattern.compile(
      "part-\\d{5,}\\.[a-z]+|_errors/part-\\d{5,}\\.jsonl|" + Pattern.quote(MANIFEST) + "|" + SUCCESS);

  private OutputFiles() {}

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
    return all(List.of(
        storage.list(resolve(output, "part-*")),
        storage.list(resolve(output, ERRORS_DIR)),
        storage.list(resolve(output, MANIFEST)),
        storage.list(resolve(output, SUCCESS))));
  }

  /** What the lookups found, in their order. */
  private static CompletionStage<List<StoredObject>> all(List<CompletionStage<List<StoredObject>>> lookups) {
    CompletionStage<List<StoredObject>> all = CompletableFuture.completedFuture(new ArrayList<>());
    for (CompletionStage<List<StoredObject>> lookup : lookups) {
      all = all.thenCombine(lookup, (acc, found) -> {
        acc.addAll(found);
        return acc;
      });
    }
    return all;
  }

  /** Deletes, one after the other, the objects found whose URI {@code ours} accepts. */
  private static CompletionStage<Done> deleteOurs(Storage storage, CompletionStage<List<StoredObject>> found,
      Predicate<URI> ours) {
    return found.thenCompose(objects -> {
      CompletionStage<Done> done = CompletableFuture.completedFuture(Done.getInstance());
      for (StoredObject o : objects) {
        if (ours.test(o.uri())) done = done.thenCompose(d -> storage.delete(o.uri()));
      }
      return done;
    });
  }

  /**
   * Deletes Sluice's files at the location (for {@code mode = overwrite}) and nothing else: only
   * names Sluice writes ({@code part-NNNNN.<ext>}, {@code _errors/part-NNNNN.jsonl}, the manifest,
   * {@code _SUCCESS}) directly in the location, and for {@code file:} never through a symbolic
   * link (an {@code _errors} link to another folder keeps that folder's files).
   */
  public static CompletionStage<Done> clear(Storage storage, URI output) {
    return deleteOurs(storage, existing(storage, output), file -> isOwnFile(output, file));
  }

  /**
   * Deletes what writes killed midway left at the location under the temporary names of Sluice's own files (part
   * files and the manifest in it, errors files in {@code _errors/}; {@link Storage#listLeftovers}), and no other
   * name: a run that takes the location over removes them before it writes.
   */
  public static CompletionStage<Done> clearLeftovers(Storage storage, URI output) {
    CompletionStage<List<StoredObject>> leftovers =
        all(List.of(storage.listLeftovers(output), storage.listLeftovers(resolve(output, ERRORS_DIR))));
    return deleteOurs(storage, leftovers, file -> isOwnLeftover(output, file));
  }

  /** True for a temporary name of a name Sluice writes ({@link #isOwnFile}), beside that name. */
  static boolean isOwnLeftover(URI output, URI file) {
    String path = file.getPath();
    if (path == null) return false;
    int slash = path.lastIndexOf('/');
    return TemporaryNames.targetOf(path.substring(slash + 1)).map(target -> {
      try {
        return isOwnFile(output, new URI(file.getScheme(), file.getAuthority(), path.substring(0, slash + 1) + target, null, null));
      } catch (URISyntaxException e) {
        return false;
      }
    }).orElse(false);
  }

  /** True for a name Sluice writes, reached from the location without a symbolic link on the way. */
  public static boolean isOwnFile(URI output, URI file) {
    String outputPath = output.getPath() == null ? "" : output.getPath();
    String base = outputPath.endsWith("/") ? outputPath : outputPath + "/";
    if (file.getPath() == null || !file.getPath().startsWith(base)) return false;
    String relative = file.getPath().substring(base.length());
    if (!OWN_NAMES.matcher(relative).matches()) return false;
    if (!"file".equalsIgnoreCase(output.getScheme())) return true;
    Path folder = Path.of(output.getPath());
    for (Path p = Path.of(file.getPath()); p != null && !p.equals(folder); p = p.getParent()) {
      if (Files.isSymbolicLink(p)) return false;
    }
    return true;
  }
}
