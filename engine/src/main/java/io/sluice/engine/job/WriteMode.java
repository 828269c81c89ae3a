package io.sluice.engine.job;

/** What a run does with an output location that already holds Sluice output. */
public enum WriteMode {
  ERROR_IF_EXISTS,
  OVERWRITE,
  RESUME,
  /** Database outputs only: the rows of earlier runs stay (contract §10). */
  APPEND
}
