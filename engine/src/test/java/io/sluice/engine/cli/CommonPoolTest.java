package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** On one or two cores the command line asks for a common pool of two threads, and keeps a value the user set. */
class CommonPoolTest {
  @Test
  void smallMachinesGetTwoThreadsAndAUsersValueIsKept() {
    String before = System.getProperty(CommonPool.PARALLELISM);
    try {
      System.clearProperty(CommonPool.PARALLELISM);
      CommonPool.atLeastTwoThreads();
      assertEquals(Runtime.getRuntime().availableProcessors() <= 2 ? "2" : null, System.getProperty(CommonPool.PARALLELISM));
      System.setProperty(CommonPool.PARALLELISM, "7");
      CommonPool.atLeastTwoThreads();
      assertEquals("7", System.getProperty(CommonPool.PARALLELISM));
    } finally {
      if (before == null) System.clearProperty(CommonPool.PARALLELISM);
      else System.setProperty(CommonPool.PARALLELISM, before);
    }
  }
}
