package io.sluice.engine.plan;

import io.sluice.connectors.storage.OutputFiles;
import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StoredObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/** The names Sluice writes under an output location, and finding or clearing them. */
public final class OutputLocation {
  public static final String MANIFEST = OutputFiles.MANIFEST;
  public static final String SUCCESS = OutputFiles.SUCCESS;
  public static final String ERRORS_DIR = OutputFiles.ERRORS_DIR;

  private OutputLocation() {}

  /**
   * The output as runs are told apart by it and as status replies show it: its URI, and for a database the table
   * after a {@code #} ({@code jdbc:postgresql://db/shop#churn_scores}), so that runs into two tables of one database
   * do not hold each other off.
   */
  public static String name(io.sluice.engine.job.JobSpec.Output output) {
    if (!JdbcLocations.isJdbc(output.uri()) || !output.store().hasPath("table")) return output.uri().toString();
    return output.uri() + "#" + output.store().getString("table");
  }

  /** A name below the output location ({@link OutputFiles#resolve}). */
  public static URI resolve(URI output, String name) {
    return OutputFiles.resolve(output, name);
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

  /** Sluice's files already at the location ({@link OutputFiles#existing}). */
  public static CompletionStage<List<StoredObject>> existing(Storage storage, URI output) {
    return OutputFiles.existing(storage, output);
  }

  /** Deletes Sluice's files at the location and nothing else ({@link OutputFiles#clear}). */
  public static CompletionStage<Done> clear(Storage storage, URI output) {
    return OutputFiles.clear(storage, output);
  }

  /** Deletes what killed writes left under Sluice's temporary names ({@link OutputFiles#clearLeftovers}). */
  public static CompletionStage<Done> clearLeftovers(Storage storage, URI output) {
    return OutputFiles.clearLeftovers(storage, output);
  }

  /** True for a name Sluice writes ({@link OutputFiles#isOwnFile}). */
  static boolean isOwnFile(URI output, URI file) {
    return OutputFiles.isOwnFile(output, file);
  }
}
