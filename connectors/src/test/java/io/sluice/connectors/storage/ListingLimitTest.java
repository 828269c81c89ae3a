package io.sluice.connectors.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A listing stops at its limit, naming the location, instead of growing with what the store sends. */
class ListingLimitTest {
  private static final URI WHERE = URI.create("ftp://partner.example/drop/");

  @Test
  void aListingPastItsLimitFailsNamingTheLocation() {
    List<StoredObject> found = new ArrayList<>();
    for (int i = 0; i < 3; i++) ListingLimit.add(found, new StoredObject(WHERE.resolve("f" + i), 1), WHERE, 3);
    StorageException e = assertThrows(StorageException.class,
        () -> ListingLimit.add(found, new StoredObject(WHERE.resolve("f3"), 1), WHERE, 3));
    assertEquals(3, found.size());
    assertEquals(true, e.getMessage().contains("lists more than 3 objects"), e.getMessage());
    assertEquals(true, e.getMessage().contains("partner.example"), e.getMessage());
  }

  @Test
  void theLimitIsTwoHundredThousandObjects() {
    assertEquals(200_000, ListingLimit.MAX_OBJECTS);
  }
}
