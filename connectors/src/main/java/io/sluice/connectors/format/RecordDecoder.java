package io.sluice.connectors.format;

import java.util.List;

/**
 * Turns raw records into model features and carried columns, setting bad records aside with a
 * reason. A format only says how one record decodes; the batch is built here for all formats.
 */
public abstract class RecordDecoder {

  /** The good records as one batch, in input order, and the bad ones with their reasons. */
  public final DecodedBatch decode(List<RawRecord> records) {
    DecodedBatchBuilder batch = new DecodedBatchBuilder(records.size(), featureCount());
    for (RawRecord record : records) {
      try {
        batch.accept(record, decodeInto(batch, record));
      } catch (MalformedRecordException e) {
        batch.reject(record, e.getMessage());
      }
    }
    return batch.build();
  }

  /** How many features each record gives the model. */
  abstract int featureCount();

  /** Writes the record's features into the batch's next row and returns its carried values. */
  abstract String[] decodeInto(DecodedBatchBuilder batch, RawRecord record) throws MalformedRecordException;
}
