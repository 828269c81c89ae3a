package io.sluice.engine.run;

import io.sluice.connectors.storage.Redaction;
import io.sluice.connectors.storage.Storage;
import io.sluice.engine.plan.Partition;
import io.sluice.engine.plan.PartitionStats;
import io.sluice.engine.work.PartitionWorker;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.Materializer;

/**
 * What the console sees of one run, kept by its coordinator beside the ledger: a throughput series sampled as the
 * coordinator publishes its status, and a sample of the bad records read back from the committed errors files —
 * read again only when a partition with bad records has committed since.
 */
final class RunDetailView {
  private final Throughput throughput = new Throughput();
  private final Address localNode;
  private List<RunDetail.BadRecordLine> badSample = List.of();
  private int sampledFiles;

  RunDetailView(Address localNode) {
    this.localNode = localNode;
  }

  void sampleThroughput(Instant at, RunStatus.Records records, boolean last) {
    throughput.sample(at, records, last);
  }

  /** The errors files of the committed partitions that have bad records, in partition order. */
  static List<String> errorFiles(Ledger<?> ledger) {
    List<String> files = new ArrayList<>();
    for (int i = 0; i < ledger.size(); i++) {
      PartitionStats s = ledger.stats(i);
      if (ledger.state(i) == Ledger.State.COMMITTED && s != null && s.badRecords() > 0) files.add(ledger.partition(i).partName("jsonl"));
    }
    return files;
  }

  /**
   * The sample as it stands when it need not be read again for {@code errorFiles}, else one read from them; a
   * database output ({@code output} null) keeps its bad records in its errors table and is not sampled.
   */
  CompletionStage<List<RunDetail.BadRecordLine>> sample(List<String> errorFiles, Storage output, URI location,
      Materializer materializer) {
    if (output == null || badSample.size() >= RunDetail.BAD_RECORDS_SHOWN || errorFiles.size() == sampledFiles) {
      return CompletableFuture.completedFuture(badSample);
    }
    try {
      return BadRecordSample.read(output, location, errorFiles, RunDetail.BAD_RECORDS_SHOWN, materializer);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Keeps a sample read from {@code files} errors files, unless a later read already gave one from more. */
  void sampled(List<RunDetail.BadRecordLine> sample, int files) {
    if (files < sampledFiles) return;
    badSample = sample;
    sampledFiles = files;
  }

  List<RunDetail.BadRecordLine> badSample() {
    return badSample;
  }

  int sampledFiles() {
    return sampledFiles;
  }

  RunDetail detail(RunStatus status, Ledger<ActorRef<PartitionWorker.Command>> ledger, String manifest) {
    List<RunDetail.PartitionView> partitions = new ArrayList<>(ledger.size());
    for (int i = 0; i < ledger.size(); i++) {
      Partition p = ledger.partition(i);
      PartitionStats s = ledger.stats(i);
      ActorRef<PartitionWorker.Command> worker = ledger.worker(i);
      partitions.add(new RunDetail.PartitionView(p.index(), Redaction.uri(URI.create(p.source())), p.offset(), p.length(),
          ledger.state(i).name(), ledger.attempts(i), s != null ? s.recordsIn() : ledger.liveRecords(i),
          s == null ? 0 : s.recordsOut(), s == null ? 0 : s.badRecords(), worker == null ? null : nodeOf(worker),
          ledger.recordsPerSecond(i), s == null ? ledger.error(i) : null));
    }
    return new RunDetail(status, partitions, throughput.samples(), badSample, manifest, true);
  }

  /** The worker's node address, with host and port also for a worker on this node. */
  private String nodeOf(ActorRef<?> worker) {
    Address address = worker.path().address();
    return (address.hasGlobalScope() ? address : localNode).toString();
  }
}
