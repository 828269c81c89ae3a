package io.sluice.engine.plan;

/**
 * What one committed partition produced; {@code recordsIn = recordsOut + badRecords}.
 *
 * @param output the part file's name below the output location
 * @param sha256 hex SHA-256 of the part file
 */
public record PartitionStats(long recordsIn, long recordsOut, long badRecords, String output, String sha256, long bytes) {}
