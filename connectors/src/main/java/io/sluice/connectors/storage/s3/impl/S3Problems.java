package io.sluice.connectors.storage.s3.impl;

import io.sluice.connectors.storage.StorageException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.stream.connectors.s3.FailedUpload;
import org.apache.pekko.stream.connectors.s3.S3Exception;

/**
 * Turns what Pekko Connectors S3 and Pekko HTTP throw into {@link StorageException}s that say what
 * went wrong in a line, and never carry the store's secret key.
 */
public final class S3Problems {
  private final Optional<String> secret;

  public S3Problems(Optional<String> secret) {
    this.secret = secret.filter(s -> !s.isEmpty());
  }

  /** A failure of {@code doing} (such as "listing") at {@code location}, caused by {@code cause}. */
  public StorageException failure(URI location, String doing, Throwable cause) {
    Throwable root = unwrap(cause);
    if (root instanceof StorageException storage) return storage;
    // The cause itself is left out: its message (and its causes') could hold anything.
    return new StorageException(location, doing + " failed: " + describe(root));
  }

  /** A one-line description of {@code cause}, without the secret key. */
  public String describe(Throwable cause) {
    Throwable root = unwrap(cause);
    String text;
    if (root instanceof S3Exception s3) {
      int status = s3.statusCode().intValue();
      // A HEAD answer has no body: the connector then has only the status line to offer.
      text = s3.message() == null || s3.message().isBlank()
          ? "HTTP " + status + " " + s3.statusCode().reason()
          : s3.code() + ": " + s3.message() + " (HTTP " + status + ")";
      if (status == 403) text += " - check the credentials and the bucket's permissions";
    } else if (root instanceof TimeoutException) {
      text = "no answer from the store in time (is the endpoint reachable?): " + root.getMessage();
    } else if (root instanceof FailedUpload failed && !failed.reasons().isEmpty()) {
      text = "upload of a part failed: " + describe(failed.reasons().head());
    } else {
      text = root.getClass().getSimpleName() + ": " + root.getMessage();
      if (root.getCause() != null && root.getCause() != root) {
        text += " (" + root.getCause().getClass().getSimpleName() + ": " + root.getCause().getMessage() + ")";
      }
    }
    return scrub(text);
  }

  /** Whether retrying could help: errors the server reports below 500 (missing, denied, bad range) will not go away. */
  public static boolean mayPassOnRetry(Throwable cause) {
    Throwable root = unwrap(cause);
    if (root instanceof S3Exception s3) return s3.statusCode().intValue() >= 500;
    return !(root instanceof StorageException);
  }

  /** Whether the server said that a bucket, key or upload does not exist. */
  public static boolean notFound(Throwable cause) {
    return unwrap(cause) instanceof S3Exception s3 && s3.statusCode().intValue() == 404;
  }

  private String scrub(String text) {
    return secret.map(s -> text.replace(s, "<redacted>")).orElse(text);
  }

  static Throwable unwrap(Throwable cause) {
    Throwable t = cause;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
