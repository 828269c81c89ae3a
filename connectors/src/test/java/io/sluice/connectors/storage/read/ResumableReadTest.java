package io.sluice.connectors.storage.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read rule of {@link ResumableRead}, each part of it, over attempts that break where a test
 * says: where a reopen starts, when the failure count goes back to zero, after how many attempts
 * a read without progress fails, and the backoff's doubling and cap. The stores' own tests (and
 * the storage contract suite) show the same against real servers that cut connections.
 */
class ResumableReadTest {
  private static final URI URI_ = URI.create("s3://bucket/object.bin");
  private static final byte[] DATA = bytes(10_000);
  private static final ReadRetries FAST = new ReadRetries(3, Duration.ofMillis(1), Duration.ofMillis(4), 0.2);
  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("ResumableReadTest");
  }

  @AfterAll
  static void stop() {
    TestKit.shutdownActorSystem(system);
  }

  /**
   * Attempts over {@link #DATA} in chunks of 100 bytes; the n-th attempt (from 0) delivers
   * {@code bytesBeforeBreak.apply(n)} bytes (rounded up to whole chunks) and then breaks, or
   * delivers to the end when that is negative. It records where each attempt started.
   */
  private static class Body implements ReadBody {
    final List<Long> starts = new CopyOnWriteArrayList<>();
    private final java.util.function.IntUnaryOperator bytesBeforeBreak;
    private final IntPredicate finalFailure;

    Body(java.util.function.IntUnaryOperator bytesBeforeBreak, IntPredicate finalFailure) {
      this.bytesBeforeBreak = bytesBeforeBreak;
      this.finalFailure = finalFailure;
    }

    @Override
    public Source<ByteString, ?> openAt(long offset) {
      int attempt = starts.size();
      starts.add(offset);
      int limit = bytesBeforeBreak.applyAsInt(attempt);
      List<ByteString> chunks = new ArrayList<>();
      int sent = 0;
      for (int at = (int) offset; at < DATA.length && (limit < 0 || sent < limit); at += 100) {
        ByteString chunk = ByteString.fromArray(DATA, at, Math.min(100, DATA.length - at));
        chunks.add(chunk);
        sent += chunk.size();
      }
      if (limit < 0) return Source.from(chunks);
      IOException broke = finalFailure.test(attempt) ? new IOException("refused for good") : new IOException("connection reset");
      // The break comes only after every chunk before it was taken, as a dropped connection's would.
      ByteString breakHere = ByteString.fromString("break");
      chunks.add(breakHere);
      return Source.from(chunks).map(chunk -> {
        if (chunk == breakHere) throw broke;
        return chunk;
      });
    }

    @Override
    public boolean mayPassOnRetry(Throwable failure) {
      return !"refused for good".equals(failure.getMessage());
    }

    @Override
    public Throwable failure(String doing, Throwable cause) {
      return new IllegalStateException(URI_ + ": " + doing + " failed: " + cause.getMessage(), cause);
    }

    @Override
    public String describe(Throwable failure) {
      return failure.getMessage();
    }
  }

  private static byte[] read(Body body, long offset, ReadRetries retries) throws Exception {
    return ResumableRead.of(URI_, offset, DATA.length, body, retries)
        .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), system)
        .toCompletableFuture().get(30, TimeUnit.SECONDS).toArray();
  }

  @Test
  void aReadCutMidwayReopensAtTheByteAfterTheLastOneDelivered() throws Exception {
    Body body = new Body(attempt -> attempt < 4 ? 1_500 : -1, attempt -> false);
    assertArrayEquals(DATA, read(body, 0, FAST));
    assertEquals(List.of(0L, 1_500L, 3_000L, 4_500L, 6_000L), body.starts);

    Body fromOffset = new Body(attempt -> attempt < 2 ? 1_000 : -1, attempt -> false);
    assertArrayEquals(Arrays.copyOfRange(DATA, 2_345, DATA.length), read(fromOffset, 2_345, FAST));
    assertEquals(List.of(2_345L, 3_345L, 4_345L), fromOffset.starts);
  }

  @Test
  void anAttemptThatEndsShortOfTheSizeCountsAsBroken() throws Exception {
    List<Long> opened = new CopyOnWriteArrayList<>();
    ReadBody short1 = new Body(a -> -1, a -> false) {
      @Override
      public Source<ByteString, ?> openAt(long offset) {
        opened.add(offset);
        int end = opened.size() == 1 ? 4_000 : DATA.length;
        return Source.single(ByteString.fromArray(DATA, (int) offset, end - (int) offset));
      }
    };
    byte[] read = ResumableRead.of(URI_, 0, DATA.length, short1, FAST)
        .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), system)
        .toCompletableFuture().get(30, TimeUnit.SECONDS).toArray();
    assertArrayEquals(DATA, read);
    assertEquals(List.of(0L, 4_000L), opened);
  }

  @Test
  void afterTheLastByteAReadIsReopenedAtMostRetriesTimes() {
    Body body = new Body(attempt -> attempt == 0 ? 700 : 0, attempt -> false);
    ExecutionException e = assertThrows(ExecutionException.class, () -> read(body, 0, FAST));
    // The first attempt breaks after 700 bytes (failure 1 since that progress), then 3 reopens
    // break without a byte (failures 2 to 4): the fourth failure is one more than read-retries.
    assertEquals(List.of(0L, 700L, 700L, 700L), body.starts);
    assertEquals("s3://bucket/object.bin: reading from offset 700 (4 failures since the last byte of progress) failed: connection reset",
        e.getCause().getMessage());
  }

  @Test
  void anyProgressSetsTheCountBackToZero() throws Exception {
    // Two failures without progress, then a chunk and a break (the count starts again at one), then
    // two more...: 41 failures in all, but never more than three in a row, so the read succeeds.
    Body body = new Body(attempt -> attempt % 3 == 2 ? 100 : (attempt > 40 ? -1 : 0), attempt -> false);
    assertArrayEquals(DATA, read(body, 0, FAST));
    assertTrue(body.starts.size() > 20, "it took " + body.starts.size() + " attempts");
  }

  @Test
  void noRetriesMeansTheFirstFailureFailsTheRead() {
    Body body = new Body(attempt -> 500, attempt -> false);
    assertThrows(ExecutionException.class, () -> read(body, 0, FAST.withoutRetries()));
    assertEquals(List.of(0L), body.starts);
  }

  @Test
  void aFailureNoReopenCanMendFailsTheReadAtOnce() {
    Body body = new Body(attempt -> 500, attempt -> true);
    ExecutionException e = assertThrows(ExecutionException.class, () -> read(body, 0, FAST));
    assertEquals(List.of(0L), body.starts);
    assertTrue(e.getCause().getMessage().contains("reading from offset 500 failed: refused for good"), e.getCause().getMessage());
  }

  @Test
  void anOffsetAtTheEndReadsNothingWithoutAskingTheStore() throws Exception {
    Body body = new Body(attempt -> -1, attempt -> false);
    assertArrayEquals(new byte[0], read(body, DATA.length, FAST));
    assertEquals(List.of(), body.starts);
  }

  @Test
  void theBackoffDoublesFromTheFirstWaitUpToTheCapPlusJitter() {
    ReadRetries retries = new ReadRetries(10, Duration.ofMillis(200), Duration.ofSeconds(1), 0.5);
    for (int i = 0; i < 50; i++) {
      assertBetween(200, 300, retries.backoff(1).toMillis());
      assertBetween(400, 600, retries.backoff(2).toMillis());
      assertBetween(800, 1_200, retries.backoff(3).toMillis());
      assertBetween(1_000, 1_500, retries.backoff(4).toMillis());
      assertBetween(1_000, 1_500, retries.backoff(60).toMillis());
    }
    ReadRetries steady = new ReadRetries(10, Duration.ofMillis(200), Duration.ofSeconds(1), 0);
    assertEquals(Duration.ofMillis(800), steady.backoff(3));
  }

  @Test
  void impossibleRulesAreRefusedNamingTheKey() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new ReadRetries(-1, Duration.ZERO, Duration.ZERO, 0))
        .getMessage().startsWith("read-retries:"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new ReadRetries(1, Duration.ofSeconds(2), Duration.ofSeconds(1), 0)).getMessage().startsWith("retry-max-backoff:"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new ReadRetries(1, Duration.ZERO, Duration.ZERO, 1.5)).getMessage().startsWith("retry-random-factor:"));
  }

  private static void assertBetween(long low, long high, long value) {
    assertTrue(value >= low && value <= high, value + " is not within [" + low + ", " + high + "]");
  }

  private static byte[] bytes(int size) {
    byte[] data = new byte[size];
    new Random(5).nextBytes(data);
    return data;
  }
}
