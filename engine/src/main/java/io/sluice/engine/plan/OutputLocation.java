package io.sluice.engine.plan;

import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StoredObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

  /**
   * The location as one key for every way of writing it, to tell whether two runs write to the
   * same place: a {@code file:} path normalised and, as far as it exists, with symbolic links
   * resolved; otherwise scheme and host in lower case, no user info, no repeated, {@code .} or
   * trailing slashes.
   */
  public static String key(URI output) {
    String scheme = output.getScheme() == null ? "" : output.getScheme().toLowerCase(Locale.ROOT);
    if (output.isOpaque() || output.getPath() == null) return output.toString();
    if (scheme.equals("file")) return "file:" + realPath(Path.of(output.getPath()).toAbsolutePath().normalize());
    String path = output.normalize().getPath().replaceAll("/+", "/").replaceAll("/$", "");
    String host = output.getHost() == null ? "" : output.getHost().toLowerCase(Locale.ROOT);
    return scheme + "://" + host + (output.getPort() < 0 ? "" : ":" + output.getPort()) + path;
  }

  /** The path with symbolic links resolved in the part of it that exists. */
  private static Path realPath(Path path) {
    Path existing = path;
    while (existing != null && !Files.exists(existing)) existing = existing.getParent();
    if (existing == null) return path;
    try {
      return existing.toRealPath().resolve(existing.relativize(path));
    } catch (IOException e) {
      return path;
    }
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

  /**
   * Deletes Sluice's files at the location (for {@code mode = overwrite}) and nothing else: only
   * names Sluice writes ({@code part-NNNNN.<ext>}, {@code _errors/part-NNNNN.jsonl}, the manifest,
   * {@code _SUCCESS}) directly in the location, and for {@code file:} never through a symbolic
   * link (an {@code _errors} link to another folder keeps that folder's files).
   */
  public static CompletionStage<Done> clear(Storage storage, URI output) {
    return existing(storage, output).thenCompose(found -> {
      CompletionStage<Done> done = CompletableFuture.completedFuture(Done.getInstance());
      for (StoredObject o : found) {
        if (isOwnFile(output, o.uri())) done = done.thenCompose(d -> storage.delete(o.uri()));
      }
      return done;
    });
  }

  private static final java.util.regex.Pattern OWN_NAMES = java.util.regex.Pattern.compile(
      "part-\\d{5,}\\.[a-z]+|_errors/part-\\d{5,}\\.jsonl|" + java.util.regex.Pattern.quote(MANIFEST) + "|" + SUCCESS);

  /** True for a name Sluice writes, reached from the location without a symbolic link on the way. */
  static boolean isOwnFile(URI output, URI file) {
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
