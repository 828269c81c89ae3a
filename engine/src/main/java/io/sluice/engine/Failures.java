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

  /**
   * The unwrapped failure's message; for one without a message (an {@code EOFException}, say),
   * words for what happened rather than a Java class name.
   */
  public static String message(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause.getMessage() != null && !cause.getMessage().isBlank()) return cause.getMessage();
    if (cause.getCause() != null && cause.getCause() != cause) return message(cause.getCause());
    return describe(cause);
  }

  private static String describe(Throwable cause) {
    if (cause instanceof java.io.EOFException) return "the data ended early (connection closed or file cut short)";
    if (cause instanceof java.net.SocketTimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
      return "timed out";
    }
    if (cause instanceof java.net.ConnectException) return "connection refused";
    if (cause instanceof java.net.UnknownHostException) return "unknown host";
    if (cause instanceof OutOfMemoryError) return "out of memory";
    // "IllegalStateException" -> "illegal state"
    String words = cause.getClass().getSimpleName().replaceAll("(Exception|Error)$", "")
        .replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    return words.isBlank() ? "an unexpected failure" : words;
  }
}
