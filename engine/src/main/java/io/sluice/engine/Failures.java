package io.sluice.engine;

import java.util.concurrent.CompletionException;

/** Turns a failure from a completion stage into the message a user should read. */
public final class Failures {
  private Failures() {}

  /** The failure without CompletionException wrapping. */
  public static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    return t;
  }

  /** The unwrapped failure's message, or its class name when it has none. */
  public static String message(Throwable failure) {
    Throwable cause = unwrap(failure);
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
