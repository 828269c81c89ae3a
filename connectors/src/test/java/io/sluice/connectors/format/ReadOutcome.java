package io.sluice.connectors.format;

import java.util.List;

/**
 * What reading a file split by split gave, with every record's line counted from the start of the
 * file.
 *
 * @param recordsIn how many framed records went into the decoder
 */
record ReadOutcome(long recordsIn, List<Good> good, List<Bad> bad) {

  /** A good row of the decoded batches. */
  record Good(long line, long offset, float[] features, String[] carried) {}

  /** A bad record with its line in the file. */
  record Bad(long line, BadRecord record) {}
}
