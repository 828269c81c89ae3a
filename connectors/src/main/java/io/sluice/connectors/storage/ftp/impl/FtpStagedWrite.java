package io.sluice.connectors.storage.ftp.impl;

import io.sluice.connectors.storage.AbstractStagedWrite;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/** A finished FTP upload waiting under its hidden temporary name for a rename onto the target. */
final class FtpStagedWrite extends AbstractStagedWrite {
  private final FtpConnections connections;
  private final FtpLocation location;
  private final String tempPath;

  FtpStagedWrite(
      FtpConnections connections, FtpLocation target, String tempPath, long bytes, String sha256) {
    super(target.uri(), bytes, sha256);
    this.connections = connections;
    this.location = target;
    this.tempPath = tempPath;
  }

  @Override
  public CompletionStage<Done> commit() {
    return connections.run(
        location,
        "committing",
        client -> {
          FtpFiles.rename(client, tempPath, location.path());
          return Done.getInstance();
        });
  }

  @Override
  public CompletionStage<Done> abort() {
    return connections.run(
        location,
        "aborting",
        client -> {
          FtpFiles.deleteIfExists(client, tempPath);
          return Done.getInstance();
        });
  }
}
