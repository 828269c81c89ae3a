package io.sluice.connectors.format;

import org.apache.pekko.util.ByteString;

/**
 * One record as framed from a file's bytes, before decoding.
 *
 * @param bytes the record without its line end (at most the framing's maximum length)
 * @param offset byte offset of the record's first byte in the file
 * @param line 1-based line number of the record's first line, counted from the first line
 *     that starts in the split (add the lines before the split for the line in the file)
 * @param truncated true when the record was longer than the framing's maximum length; such
 *     a record is always bad and {@code bytes} holds only its beginning
 */
public record RawRecord(ByteString bytes, long offset, long line, boolean truncated) {}
