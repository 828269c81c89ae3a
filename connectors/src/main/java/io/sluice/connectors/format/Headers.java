package io.sluice.connectors.format;

import io.sluice.connectors.format.impl.Framer;
import java.util.List;
import java.util.Optional;
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
    return fileFromStart
        .via(RecordFraming.flow(wholeFile(settings, maxRecordLength)))
        .take(1)
        .map(record -> new Header(fields(record, settings), record.offset()))
        .orElse(Source.lazySingle(() -> new Header(List.of(), -1)))
        .runWith(Sink.head(), materializer);
  }

  /**
   * The header found in a file's first bytes, {@code wholeFile} when they are all of it; empty when the first record
   * runs past them (then read it with {@link #header}). Fails as {@link #header} does.
   */
  public static Optional<Header> headerIn(ByteString fileStart, boolean wholeFile, CsvSettings settings,
      int maxRecordLength) throws MalformedRecordException {
    Framer framer = new Framer(wholeFile(settings, maxRecordLength));
    framer.offer(fileStart);
    if (wholeFile) framer.endOfInput();
    RawRecord first = framer.next();
    if (first != null) return Optional.of(new Header(fields(first, settings), first.offset()));
    return framer.finished() ? Optional.of(new Header(List.of(), -1)) : Optional.empty();
  }

  private static FramingSettings wholeFile(CsvSettings settings, int maxRecordLength) {
    return new FramingSettings(0, Long.MAX_VALUE, settings.multiline(), settings.quote(), maxRecordLength);
  }

  private static List<String> fields(RawRecord record, CsvSettings settings) throws MalformedRecordException {
    if (record.truncated()) {
      throw new MalformedRecordException(
          "header record longer than max-line-length (" + record.bytes().size() + " bytes)");
    }
    return CsvFields.split(record.bytes(), settings);
  }
}
