package io.sluice.connectors.format;

/**
 * A record whose bytes cannot be read as fields (bad quoting, invalid UTF-8); the message says why.
 */
public class MalformedRecordException extends Exception {

  public MalformedRecordException(String message) {
    // A bad record is data, not a bug: a stack trace would only cost time on files full of them.
    super(message, null, false, false);
  }
}
