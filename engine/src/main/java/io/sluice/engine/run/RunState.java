package io.sluice.engine.run;

/** Where a run is in its life (contract §7). */
public enum RunState {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  /** True once the run will not change any more. */
  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
