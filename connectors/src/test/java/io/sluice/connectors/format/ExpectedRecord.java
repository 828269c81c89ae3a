package io.sluice.connectors.format;

/**
 * One record a fuzz generator wrote, and what reading it must give.
 *
 * @param line the record's first line in the file, 1-based
 * @param offset the record's first byte in the file (after a byte-order mark)
 * @param outcome whether it must come out good, bad, or either (a random line may happen to be
 *     valid)
 * @param reasonPrefix for a bad record, how its reason must begin ("" for any non-blank reason)
 * @param features for a good record, the features the decoder must give, bit for bit
 * @param carried for a good record, the carried values the decoder must give
 * @param what the kind of record the generator meant to write, for failure messages
 */
record ExpectedRecord(
    long line,
    long offset,
    ExpectedRecord.Outcome outcome,
    String reasonPrefix,
    float[] features,
    String[] carried,
    String what) {

  /** What reading a record must give. */
  enum Outcome {
    GOOD,
    BAD,
    EITHER
  }
}
