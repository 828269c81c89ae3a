package io.sluice.connectors.storage;

import java.net.URI;

/** One object (file) found by {@link Storage#list}: where it is and how many bytes it holds. */
public record StoredObject(URI uri, long size) {

  /** The last path segment, for messages and for sorting readers' files. */
  public String name() {
    String path = uri.getPath();
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
