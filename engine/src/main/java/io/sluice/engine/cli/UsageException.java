package io.sluice.engine.cli;

/** The command line is wrong: exit code 2, the message and a pointer to the command's help. */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
