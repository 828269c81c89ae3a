package io.sluice.engine.work;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.connectors.format.ColumnSelection;
import io.sluice.connectors.format.CsvRecordDecoder;
import io.sluice.connectors.format.CsvSettings;
import io.sluice.connectors.format.DecodedBatch;
import io.sluice.connectors.format.RawRecord;
import io.sluice.connectors.format.RecordDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.testkit.TestPublisher;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.apache.pekko.stream.testkit.javadsl.TestSource;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {
  private static final ActorSystem system = ActorSystem.create("micro-batcher-test");
  private static final RecordDecoder decoder = CsvRecordDecoder.create(
      new CsvSettings((byte) ',', (byte) '"', true, false), List.of("id", "x", "y"),
      new ColumnSelection(List.of("x", "y"), List.of("id")));

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static RawRecord record(int line, String text) {
    return new RawRecord(ByteString.fromString(text), line * 10L, line, false);
  }

  @Test
  void fullBatchesOfMaxSizeThenTheRestInOrder() throws Exception {
    List<RawRecord> records = new ArrayList<>();
    for (int i = 1; i <= 10; i++) records.add(record(i, "r" + i + "," + i + "," + (i * 2)));
    List<DecodedBatch> batches = Source.from(records).via(MicroBatcher.flow(4, Duration.ofSeconds(5), decoder, system.dispatcher(), 1))
        .runWith(Sink.seq(), system).toCompletableFuture().get();
    assertEquals(List.of(4, 4, 2), batches.stream().map(b -> b.good().rows).toList());
    assertArrayEquals(new float[] {9, 18, 10, 20}, java.util.Arrays.copyOf(batches.get(2).good().features, 4));
    assertEquals("r9", batches.get(2).good().carried[0][0]);
  }

  @Test
  void batchesDecodedAtOnceLeaveInInputOrder() throws Exception {
    List<RawRecord> records = new ArrayList<>();
    for (int i = 1; i <= 5000; i++) records.add(record(i, "r" + i + "," + i + ",0"));
    List<DecodedBatch> batches = Source.from(records)
        .via(MicroBatcher.flow(7, Duration.ofSeconds(5), decoder, system.dispatcher(), 4))
        .runWith(Sink.seq(), system).toCompletableFuture().get();
    List<String> ids = new ArrayList<>();
    for (DecodedBatch batch : batches) for (int row = 0; row < batch.good().rows; row++) ids.add(batch.good().carried[row][0]);
    assertEquals(records.stream().map(r -> r.bytes().utf8String().split(",")[0]).toList(), ids);
  }

  @Test
  void aPartialBatchLeavesAfterMaxWait() {
    var probes = TestSource.<RawRecord>probe(system).via(MicroBatcher.flow(100, Duration.ofMillis(100), decoder, system.dispatcher(), 2))
        .toMat(TestSink.probe(system), org.apache.pekko.stream.javadsl.Keep.both()).run(system);
    TestPublisher.Probe<RawRecord> in = probes.first();
    TestSubscriber.Probe<DecodedBatch> out = probes.second();
    out.request(2);
    in.sendNext(record(1, "a,1,2"));
    in.sendNext(record(2, "b,3,4"));
    DecodedBatch early = out.expectNext(Duration.ofSeconds(2));
    assertEquals(2, early.good().rows, "emitted on time although the batch is not full");
    in.sendComplete();
    out.expectComplete();
  }

  @Test
  void badRecordsLeaveTheBatchWithTheirLines() throws Exception {
    List<DecodedBatch> batches = Source.from(List.of(record(1, "a,1,2"), record(2, "b,wilted,2"), record(3, "c,5,6")))
        .via(MicroBatcher.flow(10, Duration.ofSeconds(5), decoder, system.dispatcher(), 2)).runWith(Sink.seq(), system).toCompletableFuture().get();
    DecodedBatch batch = batches.get(0);
    assertEquals(2, batch.good().rows);
    assertArrayEquals(new long[] {1, 3}, java.util.Arrays.copyOf(batch.good().lines, 2));
    assertEquals(1, batch.bad().size());
    assertEquals(2, batch.bad().get(0).line());
    assertEquals("feature 'x' is not a number: 'wilted'", batch.bad().get(0).reason());
  }
}
