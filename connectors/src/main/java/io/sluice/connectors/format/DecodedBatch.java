package io.sluice.connectors.format;

import java.util.ArrayList;
import java.util.List;

/** What a group of raw records decoded into: the good ones as a batch, the bad ones with reasons. */
public record DecodedBatch(FeatureBatch good, List<BadRecord> bad) {

  /**
   * Batches one after the other as one: their good rows in order in one buffer, their bad records in order. A reader
   * whose batches end with each small file or row group uses it so the model gets full batches.
   */
  public static DecodedBatch concat(List<DecodedBatch> batches) {
    if (batches.size() == 1) return batches.get(0);
    List<FeatureBatch> good = new ArrayList<>(batches.size());
    List<BadRecord> bad = new ArrayList<>();
    for (DecodedBatch b : batches) {
      good.add(b.good());
      bad.addAll(b.bad());
    }
    return new DecodedBatch(FeatureBatch.concat(good), bad);
  }
}
