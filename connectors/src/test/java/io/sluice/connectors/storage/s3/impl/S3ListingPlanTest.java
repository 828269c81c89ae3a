package io.sluice.connectors.storage.s3.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which prefix a location lists and which keys it keeps, and how S3 URIs map to bucket and key. */
class S3ListingPlanTest {

  @Test
  void aDirectoryListsEverythingBelowButHiddenNames() {
    ListingPlan plan = ListingPlan.of("in/");
    assertEquals("in/", plan.listPrefix());
    assertEquals(Optional.empty(), plan.exactKey());
    assertTrue(plan.keeps("in/a.csv"));
    assertTrue(plan.keeps("in/2024/01/b.csv"));
    assertFalse(plan.keeps("in/_SUCCESS"));
    assertFalse(plan.keeps("in/.a.csv.crc"));
    assertFalse(plan.keeps("in/_errors/part-00000.jsonl"));
    assertFalse(plan.keeps("in/sub/"));
    assertFalse(plan.keeps("input/a.csv"));
  }

  @Test
  void theBucketRootIsADirectory() {
    ListingPlan plan = ListingPlan.of("");
    assertEquals("", plan.listPrefix());
    assertTrue(plan.keeps("a.csv"));
    assertFalse(plan.keeps("_SUCCESS"));
  }

  @Test
  void aKeyIsLookedUpFirstThenListedAsADirectory() {
    ListingPlan plan = ListingPlan.of("in/a.csv");
    assertEquals(Optional.of("in/a.csv"), plan.exactKey());
    assertEquals("in/a.csv/", plan.listPrefix());
    assertTrue(plan.keeps("in/a.csv/part-0"));
    assertFalse(plan.keeps("in/a.csv.bak"));
  }

  @Test
  void aGlobFiltersTheLastSegment() {
    ListingPlan plan = ListingPlan.of("in/part-*.{csv,tsv}");
    assertEquals("in/part-", plan.listPrefix());
    assertTrue(plan.keeps("in/part-1.csv"));
    assertTrue(plan.keeps("in/part-2.tsv"));
    assertFalse(plan.keeps("in/part-3.json"));
    assertFalse(plan.keeps("in/sub/part-1.csv"));
    assertTrue(ListingPlan.of("in/202[34]-??").keeps("in/2024-01/a.csv"));
    assertFalse(ListingPlan.of("in/*").keeps("in/_SUCCESS"));
  }

  @Test
  void urisCarryBucketAndDecodedKey() {
    S3Location location = S3Location.of(URI.create("s3://my_bucket.example/dir/a%20b.csv"));
    assertEquals("my_bucket.example", location.bucket());
    assertEquals("dir/a b.csv", location.key());
    assertEquals("s3://my_bucket.example/dir/a%20b.csv", location.uri().toString());
    assertEquals("", S3Location.of(URI.create("s3://bucket")).key());
    assertEquals("s3://b/100%25.csv", S3Location.uriOf("b", "100%.csv").toString());
  }
}
