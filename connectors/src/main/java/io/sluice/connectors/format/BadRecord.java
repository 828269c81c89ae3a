package io.sluice.connectors.format;

/**
 * A record that could not become a prediction, and why.
 *
 * @param offset byte offset of the record in its file
 * @param line line number relative to the split (see {@link RawRecord#line()})
 * @param reason what is wrong, naming the field where there is one
 * @param text the record's raw text, at most 1 KiB
 */
public record BadRecord(long offset, long line, String reason, String text) {}
