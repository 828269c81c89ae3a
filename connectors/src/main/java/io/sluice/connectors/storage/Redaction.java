package io.sluice.connectors.storage;

import java.net.URI;

/** Keeps credentials out of messages: a URI is shown without its user-info part. */
public final class Redaction {
  private Redaction() {}

  /** The URI as text with any {@code user:password@} removed. */
  public static String uri(URI uri) {
    if (uri == null) return "null";
    if (uri.getRawUserInfo() == null) return uri.toString();
    return uri.toString().replace(uri.getRawUserInfo() + "@", "");
  }
}
