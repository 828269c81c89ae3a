package io.sluice.connectors.storage;

import java.net.URI;
import java.util.List;

/**
 * The most objects one listing may hold. A store decides how many names it returns, and a
 * listing is kept in memory whole (and planned into partitions), so a store that lists without
 * end must meet a limit rather than fill the heap.
 */
public final class ListingLimit {
  public static final int MAX_OBJECTS = 200_000;

  private ListingLimit() {}

  /** Adds {@code object} to {@code found}, or fails the listing of {@code location} when it is full. */
  public static void add(List<StoredObject> found, StoredObject object, URI location) {
    add(found, object, location, MAX_OBJECTS);
  }

  static void add(List<StoredObject> found, StoredObject object, URI location, int max) {
    if (found.size() >= max) throw tooMany(location, max);
    found.add(object);
  }

  /** The failure of a listing of {@code location} that went past {@code max} objects. */
  public static StorageException tooMany(URI location, int max) {
    return new StorageException(location, "lists more than " + max
        + " objects, the most one listing may hold; name a narrower prefix or a glob");
  }
}
