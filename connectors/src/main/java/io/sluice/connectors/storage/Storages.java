package io.sluice.connectors.storage;

import io.sluice.connectors.storage.local.LocalStorage;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.ClassicActorSystemProvider;

/** Finds the {@link Storage} that serves a URI by its scheme. Immutable. */
public final class Storages {
  private final Map<String, Storage> byScheme;

  private Storages(Map<String, Storage> byScheme) {
    this.byScheme = byScheme;
  }

  /** The stores that need no settings: {@code file}. */
  public static Storages create(ClassicActorSystemProvider system) {
    return new Storages(new TreeMap<>(Map.of("file", LocalStorage.create(system))));
  }

  /** A registry that also serves {@code scheme} (case-insensitive) with {@code storage}. */
  public Storages with(String scheme, Storage storage) {
    Map<String, Storage> extended = new TreeMap<>(byScheme);
    extended.put(scheme.toLowerCase(Locale.ROOT), storage);
    return new Storages(extended);
  }

  /**
   * The store for {@code uri}.
   *
   * @throws StorageException when no store serves the URI's scheme
   */
  public Storage forUri(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    Storage storage = byScheme.get(scheme);
    if (storage == null) {
      throw new StorageException(
          uri,
          "unsupported scheme '"
              + scheme
              + "' (supported: "
              + String.join(", ", byScheme.keySet())
              + ")");
    }
    return storage;
  }
}
