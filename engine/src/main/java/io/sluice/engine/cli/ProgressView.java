package io.sluice.engine.cli;

import io.sluice.engine.run.RunStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Shows a run's progress: a bar redrawn in place on a terminal, a plain line every few
 * seconds otherwise, nothing when quiet.
 */
final class ProgressView {

  /** How progress is shown. */
  enum Mode { BAR, LINES, QUIET }

  private static final int BAR_WIDTH = 28;
  private static final Duration LINE_INTERVAL = Duration.ofSeconds(5);
  private final PrintStream out;
  private final Mode mode;
  private Instant lastLine = Instant.EPOCH;
  private boolean drawn;

  ProgressView(PrintStream out, Mode mode) {
    this.out = out;
    this.mode = mode;
  }

  static Mode modeFor(boolean quiet) {
    if (quiet) return Mode.QUIET;
    return System.console() != null ? Mode.BAR : Mode.LINES;
  }

  void update(RunStatus s) {
    if (mode == Mode.QUIET || s.partitions().total() == 0) return;
    if (mode == Mode.BAR) {
      out.print("\r" + bar(s) + "  " + figures(s) + "\u001b[K");
      out.flush();
      drawn = true;
    } else if (Duration.between(lastLine, Instant.now()).compareTo(LINE_INTERVAL) >= 0) {
      lastLine = Instant.now();
      out.println("progress: " + figures(s));
    }
  }

  /** Ends the bar's line so that the summary starts on its own. */
  void finish() {
    if (drawn) out.println();
  }

  private static String bar(RunStatus s) {
    double fraction = s.bytesTotal() == 0 ? 1 : (double) s.bytesDone() / s.bytesTotal();
    int filled = (int) Math.round(fraction * BAR_WIDTH);
    return "[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "]";
  }

  static String figures(RunStatus s) {
    double seconds = Math.max(0.001, Duration.between(s.startedAt(), Instant.now()).toMillis() / 1000.0);
    double rate = s.records().in() / seconds;
    String eta = s.bytesDone() == 0 || s.bytesDone() >= s.bytesTotal() ? "--:--"
        : clock((long) (seconds * (s.bytesTotal() - s.bytesDone()) / s.bytesDone()));
    return String.format(Locale.ROOT, "%d/%d partitions  %,d records  %,.0f records/s  ETA %s",
        s.partitions().done(), s.partitions().total(), s.records().in(), rate, eta);
  }

  private static String clock(long seconds) {
    return seconds >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
