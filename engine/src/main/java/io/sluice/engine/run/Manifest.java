package io.sluice.engine.run;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.connectors.storage.Redaction;
import io.sluice.connectors.storage.StagedWrite;
import io.sluice.connectors.storage.Storage;
import io.sluice.engine.plan.JobShape;
import io.sluice.engine.plan.OutputLocation;
import io.sluice.engine.plan.Partition;
import io.sluice.engine.plan.PreparedRun;
import io.sluice.engine.plan.PartitionStats;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** The run's record in the output location ({@code _manifest.json}, contract §4), and {@code _SUCCESS}. */
public final class Manifest {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Manifest() {}

  /**
   * The manifest as JSON text. Only the run's part is a tree; the partitions are written one by one, each from a small
   * tree dropped once written: a tree of every partition took ~3 KB each while it lasted, most of a 100,000-partition
   * coordinator's heap at its start and end.
   */
  public static String render(PreparedRun run, RunStatus status, Ledger<?> ledger) {
    ObjectNode root = JSON.createObjectNode();
    root.put("runId", status.runId());
    root.put("job", status.job());
    root.put("status", status.status().name());
    ObjectNode model = root.putObject("model");
    model.put("uri", Redaction.uri(run.job().model().uri()));
    model.put("sha256", run.modelSha256());
    JobShape.of(run).writeTo(root);
    root.put("startedAt", status.startedAt().toString());
    if (status.finishedAt() == null) root.putNull("finishedAt");
    else root.put("finishedAt", status.finishedAt().toString());
    if (status.error() != null) root.put("error", status.error());
    ObjectNode totals = root.putObject("totals");
    totals.put("partitions", ledger.size());
    totals.put("recordsIn", status.records().in());
    totals.put("recordsOut", status.records().out());
    totals.put("badRecords", status.records().bad());
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.getFactory().createGenerator(text).useDefaultPrettyPrinter()) {
      json.writeStartObject();
      for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        json.writeFieldName(field.getKey());
        json.writeTree(field.getValue());
      }
      json.writeArrayFieldStart("partitions");
      for (int i = 0; i < ledger.size(); i++) json.writeTree(entry(ledger, i));
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("cannot render the manifest", e);
    }
    return text + "\n";
  }

  private static ObjectNode entry(Ledger<?> ledger, int i) {
    Partition p = ledger.partition(i);
    PartitionStats s = ledger.stats(i);
    ObjectNode entry = JSON.createObjectNode();
    entry.put("id", p.index());
    entry.put("source", p.source());
    entry.put("offset", p.offset());
    entry.put("length", p.length());
    if (!p.packed().isEmpty()) { // a partition of small files packed together: each of them, in input order
      ArrayNode files = entry.putArray("files");
      for (Partition.Piece f : p.packed()) files.addObject().put("source", f.source()).put("offset", f.offset()).put("length", f.length());
    }
    entry.put("status", ledger.state(i).name());
    entry.put("recordsIn", s == null ? 0 : s.recordsIn());
    entry.put("recordsOut", s == null ? 0 : s.recordsOut());
    entry.put("badRecords", s == null ? 0 : s.badRecords());
    entry.put("attempts", ledger.attempts(i));
    if (s != null && ledger.attempts(i) == 0) entry.put("keptFromEarlierRun", true);
    if (s == null) {
      entry.putNull("output");
      entry.putNull("sha256");
    } else {
      entry.put("output", s.output());
      entry.put("sha256", s.sha256());
    }
    if (s == null && ledger.error(i) != null) entry.put("error", ledger.error(i));
    return entry;
  }

  /** Writes the manifest, then {@code _SUCCESS} when the run succeeded; each appears atomically. */
  public static CompletionStage<Done> write(Storage storage, URI output, String manifest, boolean succeeded, Materializer m) {
    CompletionStage<Done> written = put(storage, OutputLocation.resolve(output, OutputLocation.MANIFEST), manifest, m);
    return succeeded ? written.thenCompose(d -> put(storage, OutputLocation.resolve(output, OutputLocation.SUCCESS), "", m)) : written;
  }

  private static CompletionStage<Done> put(Storage storage, URI target, String text, Materializer m) {
    return Source.single(ByteString.fromString(text)).runWith(storage.write(target), m).thenCompose(StagedWrite::commit);
  }
}
