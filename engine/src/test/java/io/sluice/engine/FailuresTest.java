package io.sluice.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** What a user reads for a failure: its message, or words, never a bare Java class name. */
class FailuresTest {
  @Test
  void aFailureWithAMessageGivesItsMessage() {
    assertEquals("no such bucket", Failures.message(new CompletionException(new IllegalStateException("no such bucket"))));
  }

  @Test
  void aFailureWithoutAMessageIsPutInWords() {
    assertEquals("the data ended early (connection closed or file cut short)",
        Failures.message(new CompletionException(new EOFException())));
    assertEquals("illegal state", Failures.message(new IllegalStateException()));
  }

  @Test
  void aWrapperWithoutAMessageGivesItsCausesMessage() {
    assertEquals("reset by peer", Failures.message(new RuntimeException(null, new java.io.IOException("reset by peer"))));
  }
}
