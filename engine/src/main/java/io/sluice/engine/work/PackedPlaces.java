package io.sluice.engine.work;

import io.sluice.connectors.format.BadRecord;
import io.sluice.connectors.format.DecodedBatch;
import io.sluice.connectors.format.ErrorLines;
import io.sluice.connectors.format.FeatureBatch;
import io.sluice.connectors.storage.Redaction;
import io.sluice.engine.plan.Partition;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * Where a record of a packed partition came from: its offset carries its file's place in the pack above
 * {@link Partition#PIECE_SHIFT}, the offset in that file below it. Packed files are read whole, so a record's line
 * (or Parquet row) counted by its file's framing is already its line in the file.
 */
final class PackedPlaces {
  private static final long IN_FILE = (1L << Partition.PIECE_SHIFT) - 1;

  private PackedPlaces() {}

  /** A Parquet batch of the pack's {@code place}-th file, its records' offsets marked with that place. */
  static DecodedBatch placed(DecodedBatch batch, long place) {
    FeatureBatch good = batch.good();
    long[] offsets = new long[good.rows]; // a copy: a reader may hand the same array as offsets and rows
    for (int i = 0; i < good.rows; i++) offsets[i] = good.offsets[i] + place;
    List<BadRecord> bad = new ArrayList<>(batch.bad().size());
    for (BadRecord b : batch.bad()) bad.add(new BadRecord(b.offset() + place, b.line(), b.reason(), b.text()));
    return new DecodedBatch(new FeatureBatch(good.rows, good.width, good.features, good.carried, offsets, good.lines), bad);
  }

  /** The errors lines of a packed partition's bad records (in input order), each naming its own file. */
  static ByteString errors(Partition partition, List<BadRecord> bad, boolean rows) {
    ByteString errors = ByteString.emptyByteString();
    for (BadRecord b : bad) {
      Partition.Piece piece = partition.packed().get((int) (b.offset() >>> Partition.PIECE_SHIFT));
      BadRecord inFile = new BadRecord(b.offset() & IN_FILE, b.line(), b.reason(), b.text());
      String source = Redaction.uri(URI.create(piece.source()));
      errors = errors.concat(rows ? ErrorLines.encodeRow(source, inFile) : ErrorLines.encode(source, inFile, inFile.line()));
    }
    return errors;
  }
}
