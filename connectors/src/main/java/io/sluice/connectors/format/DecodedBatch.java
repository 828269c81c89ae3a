package io.sluice.connectors.format;

import java.util.List;

/** What a group of raw records decoded into: the good ones as a batch, the bad ones with reasons. */
public record DecodedBatch(FeatureBatch good, List<BadRecord> bad) {}
