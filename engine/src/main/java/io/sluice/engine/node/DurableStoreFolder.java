package io.sluice.engine.node;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The folder of the disk store of registered jobs (LMDB, {@value #DIR}) is the service account's
 * alone: created {@code rwx------} before the actor system starts, and tightened (with the files
 * in it, {@code rw-------}) when it already exists. Registered jobs hold secrets' names, not their
 * values, but their text and locations are still nobody else's business.
 */
public final class DurableStoreFolder {
  /** Where the folder is configured. */
  public static final String DIR = "pekko.cluster.distributed-data.durable.lmdb.dir";
  private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private DurableStoreFolder() {}

  /**
   * The folder LMDB will open for the actor system {@code systemName}, named as Pekko names it: a
   * configured path ending in {@code ddata} gets {@code -<system>-<replicator>-<port>} appended.
   * Empty when the node keeps no durable keys, or when the name depends on a port picked at start (0).
   */
  public static Optional<Path> of(Config config, String systemName) {
    boolean durable = config.hasPath("pekko.cluster.distributed-data.durable.keys")
        && !config.getStringList("pekko.cluster.distributed-data.durable.keys").isEmpty();
    if (!durable || !config.hasPath(DIR)) return Optional.empty();
    String dir = config.getString(DIR);
    if (dir.isBlank()) return Optional.empty();
    if (!dir.endsWith("ddata")) return Optional.of(Path.of(dir));
    int port = config.hasPath("pekko.remote.artery.canonical.port") ? config.getInt("pekko.remote.artery.canonical.port") : 0;
    if (port == 0) return Optional.empty();
    String replicator = config.hasPath("pekko.cluster.distributed-data.name")
        ? config.getString("pekko.cluster.distributed-data.name") : "ddataReplicator";
    return Optional.of(Path.of(dir + "-" + systemName + "-" + replicator + "-" + port));
  }

  /**
   * Creates the folder owner-only, or makes an existing one (and its files) owner-only.
   *
   * @return the folder, when there is one to look after
   * @throws IllegalArgumentException naming {@value #DIR}, when it cannot be created or restricted
   */
  public static Optional<Path> makePrivate(Config config, String systemName) {
    Optional<Path> folder = of(config, systemName);
    if (folder.isEmpty() || !FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) return folder;
    Path dir = folder.get();
    try {
      if (Files.isSymbolicLink(dir)) {
        throw new IllegalArgumentException(DIR + ": " + dir + " is a symbolic link; name the folder itself");
      }
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(FOLDER));
      }
      Files.setPosixFilePermissions(dir, FOLDER); // createDirectories is subject to the umask
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) Files.setPosixFilePermissions(f, FILE);
        }
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalArgumentException(DIR + ": cannot make " + dir + " private to this account: " + e.getMessage());
    }
    return folder;
  }
}
