package io.sluice.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.plan.Partition;
import io.sluice.engine.work.PartitionStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerTest {
  private final Ledger<String> ledger = new Ledger<>(List.of(
      new Partition(0, "a", 0, 10, 20, List.of()),
      new Partition(1, "a", 10, 10, 20, List.of()),
      new Partition(2, "b", 0, 5, 5, List.of())));

  @Test
  void handsOutInInputOrderAndOnlyOnce() {
    assertEquals(0, ledger.assignNext("w1").orElseThrow().partition().index());
    assertEquals(1, ledger.assignNext("w2").orElseThrow().partition().index());
    assertEquals(2, ledger.assignNext("w1").orElseThrow().partition().index());
    assertTrue(ledger.assignNext("w1").isEmpty());
    assertEquals(List.of(0, 2), ledger.runningOn("w1"));
  }

  @Test
  void aLateResultOfAnEarlierAttemptIsStale() {
    var first = ledger.assignNext("w1").orElseThrow();
    ledger.requeue(0);
    var second = ledger.assignNext("w2").orElseThrow();
    assertEquals(2, second.attempt());
    assertFalse(ledger.isCurrent(0, first.attempt()));
    assertTrue(ledger.isCurrent(0, second.attempt()));
  }

  @Test
  void countsCommittedAndLiveRecords() {
    ledger.assignNext("w1");
    ledger.assignNext("w1");
    ledger.committed(0, new PartitionStats(10, 8, 2, "part-00000.csv", "ab", 100));
    ledger.progress(1, 1, 4);
    assertEquals(new RunStatus.Records(14, 8, 2), ledger.records());
    assertEquals(10, ledger.bytesDone());
    assertFalse(ledger.allCommitted());
  }

  @Test
  void stoppingDropsPendingButKeepsRunning() {
    ledger.assignNext("w1");
    ledger.stopHandingOut();
    assertFalse(ledger.hasPending());
    assertEquals(1, ledger.count(Ledger.State.RUNNING));
    assertEquals(List.of("w1"), ledger.busyWorkers());
  }
}
