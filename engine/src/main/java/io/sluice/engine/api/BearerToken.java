package io.sluice.engine.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** The API's bearer token, compared in constant time so that a caller cannot guess it byte by byte. */
final class BearerToken {
  private static final String SCHEME = "bearer ";
  private final byte[] expectedDigest;

  BearerToken(String token) {
    this.expectedDigest = sha256(token);
  }

  /** True when {@code authorization} (the header's value, or null) is {@code Bearer <the token>}. */
  boolean accepts(String authorization) {
    if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith(SCHEME)) return false;
    // Comparing digests, not the strings, also hides the token's length.
    return MessageDigest.isEqual(expectedDigest, sha256(authorization.substring(SCHEME.length()).trim()));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
