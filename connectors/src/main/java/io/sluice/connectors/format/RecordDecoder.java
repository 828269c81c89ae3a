package io.sluice.connectors.format;

import java.util.List;

/**
 * Turns raw records into model features and carried columns, setting bad records aside with a
 * reason.
 */
public interface RecordDecoder {

  /** The good records as one batch, in input order, and the bad ones with their reasons. */
  DecodedBatch decode(List<RawRecord> records);
}
