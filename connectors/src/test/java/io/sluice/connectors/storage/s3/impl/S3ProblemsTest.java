package io.sluice.connectors.storage.s3.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.connectors.storage.StorageException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.apache.pekko.http.scaladsl.model.StatusCodes;
import org.apache.pekko.stream.connectors.s3.S3Exception;
import org.junit.jupiter.api.Test;

/** Failures become one-line StorageExceptions that name the location and never hold the secret. */
class S3ProblemsTest {
  private final S3Problems problems = new S3Problems(Optional.of("s3cr3t/KEY"));
  private final URI location = URI.create("s3://bucket/in/");

  @Test
  void serverErrorsShowTheirCodeMessageAndStatus() {
    S3Exception missing = S3Exception.apply(
        "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>",
        StatusCodes.NotFound());
    StorageException failure = problems.failure(location, "listing", new CompletionException(missing));
    assertEquals(
        "s3://bucket/in/: listing failed: NoSuchBucket: The specified bucket does not exist (HTTP 404)",
        failure.getMessage());
    assertNull(failure.getCause());
    assertTrue(S3Problems.notFound(missing));
    assertFalse(S3Problems.mayPassOnRetry(missing));
    assertTrue(S3Problems.mayPassOnRetry(S3Exception.apply("", StatusCodes.ServiceUnavailable())));
  }

  @Test
  void theSecretIsScrubbedFromAnyMessage() {
    StorageException failure =
        problems.failure(location, "reading", new IllegalStateException("signed with s3cr3t/KEY"));
    assertFalse(failure.getMessage().contains("s3cr3t/KEY"), failure.getMessage());
    assertTrue(failure.getMessage().contains("<redacted>"), failure.getMessage());
  }
}
