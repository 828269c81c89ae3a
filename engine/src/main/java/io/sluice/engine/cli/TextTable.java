package io.sluice.engine.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Rows printed as left-aligned columns under a header, as {@code kubectl get} or {@code docker ps} do. */
final class TextTable {
  private static final String GAP = "  ";
  private final List<String[]> rows = new ArrayList<>();

  TextTable(String... header) {
    rows.add(header);
  }

  /** Adds a row; null cells are shown as "-". */
  TextTable row(String... cells) {
    String[] shown = new String[cells.length];
    for (int i = 0; i < cells.length; i++) shown[i] = cells[i] == null ? "-" : cells[i];
    rows.add(shown);
    return this;
  }

  void print(PrintStream out) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns; c++) widths[c] = Math.max(widths[c], row[c].length());
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        line.append(row[c]);
        if (c < columns - 1) line.append(" ".repeat(widths[c] - row[c].length())).append(GAP);
      }
      out.println(line);
    }
  }
}
