package io.sluice.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.engine.plan.OutputLocation;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.javadsl.FramingTruncation;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The first bad records of a run, read back from its committed errors files
 * ({@code _errors/part-NNNNN.jsonl}, contract §4) for the console: the files of the given parts,
 * in order, until {@code limit} lines. Long records are cut, so a sample stays small.
 */
final class BadRecordSample {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_LINE_BYTES = 1 << 20;
  private static final int MAX_TEXT = 500;

  private BadRecordSample() {}

  /** The first {@code limit} bad records of the parts named {@code errorFiles} (e.g. part-00003.jsonl), in that order. */
  static CompletionStage<List<RunDetail.BadRecordLine>> read(Storage storage, URI output, List<String> errorFiles, int limit,
      Materializer materializer) {
    if (errorFiles.isEmpty() || limit <= 0) return CompletableFuture.completedFuture(List.of());
    Set<String> wanted = Set.copyOf(errorFiles);
    return storage.list(OutputLocation.resolve(output, OutputLocation.ERRORS_DIR)).thenCompose(listed -> {
      List<StoredObject> files = new ArrayList<>();
      for (String name : errorFiles) {
        listed.stream().filter(o -> o.name().equals(name) && wanted.contains(name)).findFirst().ifPresent(files::add);
      }
      return Source.from(files)
          .flatMapConcat(file -> storage.read(file, 0)
              .via(Framing.delimiter(ByteString.fromString("\n"), MAX_LINE_BYTES, FramingTruncation.ALLOW)))
          .map(line -> line.utf8String())
          .filter(line -> !line.isBlank())
          .take(limit)
          .map(BadRecordSample::parse)
          .runWith(Sink.seq(), materializer);
    });
  }

  private static RunDetail.BadRecordLine parse(String line) {
    try {
      JsonNode json = JSON.readTree(line);
      return new RunDetail.BadRecordLine(cut(json.path("file").asText(null)), json.path("line").asLong(-1),
          cut(json.path("error").asText(null)), cut(json.path("record").asText(null)));
    } catch (Exception e) {
      return new RunDetail.BadRecordLine(null, -1, "an errors line that is not JSON", cut(line));
    }
  }

  private static String cut(String text) {
    return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
  }
}
