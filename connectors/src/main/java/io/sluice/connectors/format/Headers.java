package io.sluice.connectors.format;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** Reads the column names of a CSV file from its first record. */
public final class Headers {
  private Headers() {}

  /**
   * The fields of the file's first non-blank record, or an empty list for a file without records;
   * reads no further than that record. Fails with a {@link MalformedRecordException} when the
   * record cannot be split or is longer than {@code maxRecordLength}.
   */
  public static CompletionStage<List<String>> firstRecord(
      Source<ByteString, ?> fileFromStart,
      CsvSettings settings,
      int maxRecordLength,
      Materializer materializer) {
    return header(fileFromStart, settings, maxRecordLength, materializer).thenApply(Header::columns);
  }

  /** The same first record with its offset, so that a plan can keep it in the file's first split. */
  public static CompletionStage<Header> header(
      Source<ByteString, ?> fileFromStart,
      CsvSettings settings,
      int maxRecordLength,
      Materializer materializer) {
    FramingSettings wholeFile =
        new FramingSettings(
            0, Long.MAX_VALUE, settings.multiline(), settings.quote(), maxRecordLength);
    return fileFromStart
        .via(RecordFraming.flow(wholeFile))
        .runWith(Sink.headOption(), materializer)
        .thenApply(first -> first.map(record -> new Header(fields(record, settings), record.offset()))
            .orElse(new Header(List.of(), -1)));
  }

  private static List<String> fields(RawRecord record, CsvSettings settings) {
    try {
      if (record.truncated()) {
        throw new MalformedRecordException(
            "header record longer than max-line-length (" + record.bytes().size() + " bytes)");
      }
      return CsvFields.split(record.bytes(), settings);
    } catch (MalformedRecordException e) {
      throw new CompletionException(e);
    }
  }
}
