package io.sluice.connectors.format;

import java.util.List;

/**
 * A CSV file's column names and where its header record starts (after any blank lines), or
 * no columns and offset -1 for a file without records.
 */
public record Header(List<String> columns, long offset) {}
