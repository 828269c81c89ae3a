package io.sluice.connectors.storage;

import java.net.URI;

/** What every {@link StagedWrite} knows once its bytes are written: where they go, how many there are, their digest. */
public abstract class AbstractStagedWrite implements StagedWrite {
  private final URI target;
  private final long bytes;
  private final String sha256;

  protected AbstractStagedWrite(URI target, long bytes, String sha256) {
    this.target = target;
    this.bytes = bytes;
    this.sha256 = sha256;
  }

  @Override
  public final URI target() {
    return target;
  }

  @Override
  public final long bytes() {
    return bytes;
  }

  @Override
  public final String sha256() {
    return sha256;
  }
}
