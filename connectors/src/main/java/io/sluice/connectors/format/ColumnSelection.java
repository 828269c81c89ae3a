package io.sluice.connectors.format;

import java.util.List;

/**
 * Which columns a decoder takes: the model's features, in order, and the text columns
 * carried to the output (id first when present, then passthrough). For CSV without a header
 * the names are 0-based column indices written as text ("0", "3").
 */
public record ColumnSelection(List<String> features, List<String> carried) {}
