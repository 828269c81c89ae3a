package io.sluice.connectors.storage;

import java.net.URI;

/** A store refused or failed an operation; the message names the location, never a secret. */
public class StorageException extends RuntimeException {

  public StorageException(URI location, String problem, Throwable cause) {
    super(Redaction.uri(location) + ": " + problem, cause);
  }

  public StorageException(URI location, String problem) {
    this(location, problem, null);
  }
}
