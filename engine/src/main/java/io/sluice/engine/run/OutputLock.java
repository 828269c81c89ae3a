package io.sluice.engine.run;

import io.sluice.connectors.storage.Redaction;
import io.sluice.engine.plan.OutputLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The operating system's lock on a {@code file:} output folder, held by one run while it is in
 * flight: a hidden file {@value #FILE} in the folder, locked with {@link FileChannel#tryLock()}
 * and holding the run id, process id and host of its holder. Two processes on one machine (two
 * {@code sluice run}s, or one and a cluster node) cannot both write the folder, and the lock
 * goes when its process dies, so a crashed holder never blocks the folder. Other stores have
 * no such lock; there the run manager alone keeps one run per location. The lock file is never
 * deleted (deleting it would let two processes lock two different files of one name); input
 * listings skip it as they skip every name starting with a dot.
 */
final class OutputLock {
  static final String FILE = ".sluice-lock";

  /** Folders locked by runs of this JVM, by key: a second lock on the same file from this JVM would fail, not wait. */
  private static final Map<String, String> HELD_HERE = new HashMap<>();

  /** Another run holds the folder; {@code heldBy} is its run id, or empty when not known yet. */
  static final class Held extends RuntimeException {
    private final String heldBy;

    Held(String message, String heldBy) {
      super(message);
      this.heldBy = heldBy == null ? "" : heldBy;
    }

    String heldBy() {
      return heldBy;
    }
  }

  private final URI output;
  private final String runId;
  private String key;
  private FileChannel channel;
  private FileLock lock;
  private boolean released;

  OutputLock(URI output, String runId) {
    this.output = output;
    this.runId = runId;
  }

  /**
   * Takes the lock unless this run holds it already, or throws {@link Held}. Only for
   * {@code file:} locations; a folder that does not exist is made when {@code makeFolder}, and
   * otherwise left to a later call.
   */
  void acquire(boolean makeFolder) {
    synchronized (OutputLock.class) {
      if (released || lock != null || !"file".equalsIgnoreCase(output.getScheme())) return;
      Path folder = Path.of(output.getPath());
      try {
        if (!Files.isDirectory(folder)) {
          if (!makeFolder) return;
          Files.createDirectories(folder);
        }
        key = OutputLocation.key(output);
        String here = HELD_HERE.get(key);
        if (here != null) throw held(here, "");
        FileChannel opened = FileChannel.open(folder.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        FileLock locked;
        try {
          locked = opened.tryLock();
        } catch (OverlappingFileLockException e) {
          locked = null;
        }
        if (locked == null) {
          Map<String, String> holder = holder(opened);
          opened.close();
          throw held(holder.get("runId"), holder.containsKey("pid")
              ? " (process " + holder.get("pid") + " on " + holder.getOrDefault("host", "?") + ")" : "");
        }
        channel = opened;
        lock = locked;
        HELD_HERE.put(key, runId);
        String text = "runId=" + runId + "\npid=" + ProcessHandle.current().pid() + "\nhost=" + hostName()
            + "\nsince=" + Instant.now() + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
      } catch (IOException e) {
        throw new UncheckedIOException("job.output.uri: cannot lock " + folder.resolve(FILE) + ": " + e.getMessage(), e);
      }
    }
  }

  /** Lets the folder go; later calls to {@link #acquire} do nothing. */
  void release() {
    synchronized (OutputLock.class) {
      released = true;
      if (lock == null) return;
      HELD_HERE.remove(key);
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing the channel releases the lock; the process's end would too
      }
      lock = null;
    }
  }

  private Held held(String holder, String where) {
    String who = holder == null || holder.isBlank() ? "another run" : "run " + holder;
    return new Held(inUse(output, who + where), holder);
  }

  /** The refusal of a run whose output location {@code who} holds, as the lock and the run manager say it. */
  static String inUse(URI output, String who) {
    return "job.output.uri: " + Redaction.uri(output) + " is in use by " + who
        + ": one run at a time per output location; wait for it to end or cancel it";
  }

  /** What the holder wrote into the lock file; empty when it has not written it yet. */
  private static Map<String, String> holder(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    channel.read(buffer, 0);
    Map<String, String> fields = new HashMap<>();
    for (String line : new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) fields.put(line.substring(0, eq), line.substring(eq + 1).trim());
    }
    return fields;
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) return env;
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "?";
    }
  }
}
