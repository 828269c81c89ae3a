package io.sluice.connectors.storage;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hidden name a staged write has beside its target until its commit renames it: {@code .<target>.<uuid>.tmp}.
 * Listings skip it (a hidden name); a process killed mid-write leaves it, and whoever owns the target may find it
 * by this name and delete it ({@code Storage.listLeftovers}).
 */
public final class TemporaryNames {
  private static final Pattern TEMPORARY =
      Pattern.compile("\\.(.+)\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.tmp");

  private TemporaryNames() {}

  /** A new temporary name for a write to {@code targetName} (a name, not a path). */
  public static String forTarget(String targetName) {
    return "." + targetName + "." + UUID.randomUUID() + ".tmp";
  }

  /** The target name {@code name} was made for, or empty when it is not a temporary name. */
  public static Optional<String> targetOf(String name) {
    Matcher m = TEMPORARY.matcher(name);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
