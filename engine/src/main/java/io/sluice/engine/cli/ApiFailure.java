package io.sluice.engine.cli;

/** A call to the HTTP API did not succeed: the message for the user and the exit code it means. */
final class ApiFailure extends RuntimeException {
  private final int exitCode;

  ApiFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** 2 when the request was wrong (bad job, unknown run, refused token); 1 when the API could not answer. */
  int exitCode() {
    return exitCode;
  }
}
