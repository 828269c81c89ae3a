package io.sluice.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.plan.Partition;
import io.sluice.engine.plan.PartitionStats;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerTest {
  private final Ledger<String> ledger = new Ledger<>(List.of(
      new Partition(0, "a", 0, 10, 20, List.of()),
      new Partition(1, "a", 10, 10, 20, List.of()),
      new Partition(2, "b", 0, 5, 5, List.of())), Duration.ofSeconds(30));
  private static final long LEASE = Duration.ofSeconds(30).toNanos();

  @Test
  void handsOutInInputOrderAndOnlyOnce() {
    assertEquals(0, ledger.assignNext("w1", 0).orElseThrow().partition().index());
    assertEquals(1, ledger.assignNext("w2", 0).orElseThrow().partition().index());
    assertEquals(2, ledger.assignNext("w1", 0).orElseThrow().partition().index());
    assertTrue(ledger.assignNext("w1", 0).isEmpty());
    assertEquals(List.of(0, 2), ledger.runningOn("w1"));
  }

  @Test
  void aLateResultOfAnEarlierAttemptIsStale() {
    var first = ledger.assignNext("w1", 0).orElseThrow();
    ledger.requeue(0);
    var second = ledger.assignNext("w2", 0).orElseThrow();
    assertEquals(2, second.attempt());
    assertFalse(ledger.isCurrent(0, first.attempt()));
    assertTrue(ledger.isCurrent(0, second.attempt()));
  }

  @Test
  void countsCommittedAndLiveRecords() {
    ledger.assignNext("w1", 0);
    ledger.assignNext("w1", 0);
    ledger.committed(0, new PartitionStats(10, 8, 2, "part-00000.csv", "ab", 100));
    ledger.progress(1, 1, 4, 0);
    assertEquals(new RunStatus.Records(14, 8, 2), ledger.records());
    assertEquals(10, ledger.bytesDone());
    assertFalse(ledger.allCommitted());
  }

  @Test
  void stoppingDropsPendingButKeepsRunning() {
    ledger.assignNext("w1", 0);
    ledger.stopHandingOut();
    assertFalse(ledger.hasPending());
    assertEquals(1, ledger.count(Ledger.State.RUNNING));
    assertEquals(List.of("w1"), ledger.busyWorkers());
  }

  @Test
  void anAttemptNotHeardFromWithinItsLeaseHasLapsedAndProgressRenewsIt() {
    ledger.assignNext("w1", 0);
    ledger.assignNext("w2", 0);
    assertEquals(List.of(), ledger.lapsed(LEASE), "the lease ends after it, not at it");
    ledger.progress(1, 1, 7, LEASE);
    List<Ledger.Assigned> lapsed = ledger.lapsed(LEASE + 1);
    assertEquals(1, lapsed.size());
    assertEquals(0, lapsed.get(0).partition().index());
    assertEquals(1, lapsed.get(0).attempt());
    ledger.progress(1, 2, 9, 2 * LEASE); // word from an attempt that is not the current one renews nothing
    assertEquals(2, ledger.lapsed(2 * LEASE + 1).size());
    ledger.committed(0, new PartitionStats(1, 1, 0, "p", "00", 1));
    assertEquals(List.of(1), ledger.lapsed(3 * LEASE).stream().map(a -> a.partition().index()).toList());
  }
}
