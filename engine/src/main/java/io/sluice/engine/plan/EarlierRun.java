package io.sluice.engine.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.connectors.format.FramingSettings;
import io.sluice.connectors.format.RecordFraming;
import io.sluice.connectors.storage.Sha256;
import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.engine.job.JobException;

import java.net.URI;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/**
 * What an earlier run of the same job left at the output location, for {@code mode = resume}:
 * its job's shape (model, columns, format: {@link JobShape}) and its plan must be this run's,
 * and every partition whose part file stands under its final name is committed (a part file
 * appears only when its partition fully succeeded).
 */
final class EarlierRun {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Storage storage;
  private final URI output;
  private final Materializer materializer;

  EarlierRun(Storage storage, URI output, Materializer materializer) {
    this.storage = storage;
    this.output = output;
    this.materializer = materializer;
  }

  /** The committed partitions by index, with their stats; empty when the location holds no earlier run. */
  CompletionStage<Map<Integer, PartitionStats>> committed(PreparedRun run) {
    List<Partition> plan = run.partitions();
    String extension = run.job().output().extension();
    return storage.list(OutputLocation.resolve(output, OutputLocation.MANIFEST)).thenCompose(manifests -> {
      if (manifests.isEmpty()) {
        return storage.list(OutputLocation.resolve(output, "part-*")).thenApply(parts -> {
          if (!parts.isEmpty()) throw new JobException("job.output.mode", "cannot resume: " + output + " holds part files but no "
              + OutputLocation.MANIFEST + " of the run that wrote them");
          return Map.<Integer, PartitionStats>of();
        });
      }
      return text(manifests.get(0)).thenCompose(text -> {
        JsonNode manifest = parse(text);
        JobShape.of(run).checkSameAs(manifest, manifest.path("runId").asText("?"));
        return committed(manifest, plan, extension);
      });
    });
  }

  private CompletionStage<Map<Integer, PartitionStats>> committed(JsonNode manifest, List<Partition> plan, String extension) {
    JsonNode earlier = manifest.path("partitions");
    checkSamePlan(manifest.path("runId").asText("?"), earlier, plan);
    return storage.list(OutputLocation.resolve(output, "part-*")).thenCompose(parts -> {
      Map<String, StoredObject> byName = parts.stream().collect(Collectors.toMap(StoredObject::name, o -> o, (a, b) -> a));
      Map<Integer, PartitionStats> committed = new HashMap<>();
      CompletionStage<Void> all = CompletableFuture.completedFuture(null);
      for (Partition p : plan) {
        String name = p.partName(extension);
        StoredObject part = byName.get(name);
        if (part == null) continue;
        JsonNode entry = earlier.get(p.index());
        if (name.equals(entry.path("output").asText(null)) && entry.hasNonNull("sha256")) {
          committed.put(p.index(), new PartitionStats(entry.path("recordsIn").asLong(), entry.path("recordsOut").asLong(),
              entry.path("badRecords").asLong(), name, entry.path("sha256").asText(), 0));
        } else {
          all = all.thenCompose(v -> recount(p, part, extension).thenAccept(stats -> committed.put(p.index(), stats)));
        }
      }
      return all.thenApply(v -> committed);
    });
  }

  static void checkSamePlan(String runId, JsonNode earlier, List<Partition> plan) {
    boolean same = earlier.size() == plan.size();
    for (int i = 0; same && i < plan.size(); i++) {
      JsonNode e = earlier.get(i);
      Partition p = plan.get(i);
      same = e.path("source").asText().equals(p.source()) && e.path("offset").asLong() == p.offset()
          && e.path("length").asLong() == p.length() && samePacked(e.path("files"), p.packed());
    }
    if (!same) {
      throw new JobException("job.output.mode", "cannot resume run " + runId + ": the input listing or "
          + "job.input.split-size changed since it ran (it had " + earlier.size() + " partitions, now " + plan.size()
          + "); use mode = overwrite");
    }
  }

  /** A packed partition holds the same files as before (its first file and total length alone could agree by chance). */
  private static boolean samePacked(JsonNode files, List<Partition.Piece> packed) {
    if (files.size() != packed.size()) return false;
    for (int i = 0; i < packed.size(); i++) {
      JsonNode f = files.get(i);
      Partition.Piece p = packed.get(i);
      if (!f.path("source").asText().equals(p.source()) || f.path("offset").asLong() != p.offset()
          || f.path("length").asLong() != p.length()) return false;
    }
    return true;
  }

  /** A run killed before its manifest was final left only its plan: count what its part files hold. */
  private CompletionStage<PartitionStats> recount(Partition p, StoredObject part, String extension) {
    // CSV rows may hold quoted line breaks; JSON lines never do, and their \" must not count as quotes
    FramingSettings csvRows = new FramingSettings(0, Long.MAX_VALUE, true, (byte) '"', Integer.MAX_VALUE);
    FramingSettings jsonLines = new FramingSettings(0, Long.MAX_VALUE, false, (byte) '"', Integer.MAX_VALUE);
    MessageDigest sha = Sha256.create();
    CompletionStage<Long> rows = storage.read(part, 0).map(b -> {
      sha.update(b.toArray());
      return b;
    }).via(RecordFraming.flow(extension.equals("csv") ? csvRows : jsonLines)).runWith(Sink.fold(0L, (n, r) -> n + 1), materializer);
    URI errors = OutputLocation.resolve(output, OutputLocation.ERRORS_DIR + p.partName("jsonl"));
    CompletionStage<Long> bad = storage.list(errors).thenCompose(found -> found.isEmpty()
        ? CompletableFuture.completedFuture(0L)
        : storage.read(found.get(0), 0).via(RecordFraming.flow(jsonLines)).runWith(Sink.fold(0L, (n, r) -> n + 1), materializer));
    return rows.thenCombine(bad, (n, b) -> {
      long out = extension.equals("csv") ? n - 1 : n;
      return new PartitionStats(out + b, out, b, part.name(), Sha256.hex(sha), part.size());
    });
  }

  private CompletionStage<String> text(StoredObject file) {
    return storage.read(file, 0).runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), materializer)
        .thenApply(ByteString::utf8String);
  }

  private JsonNode parse(String manifest) {
    try {
      return JSON.readTree(manifest);
    } catch (Exception e) {
      throw new JobException("job.output.mode", "cannot resume: " + OutputLocation.MANIFEST + " at " + output + " is not readable JSON");
    }
  }

}
