package io.sluice.connectors.storage.ftp.impl;

import io.sluice.connectors.storage.StagedWrite;
import java.net.URI;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/** A finished FTP upload waiting under its hidden temporary name for a rename onto the target. */
final class FtpStagedWrite implements StagedWrite {
  private final FtpConnections connections;
  private final FtpLocation target;
  private final String tempPath;
  private final long bytes;
  private final String sha256;

  FtpStagedWrite(
      FtpConnections connections, FtpLocation target, String tempPath, long bytes, String sha256) {
    this.connections = connections;
    this.target = target;
    this.tempPath = tempPath;
    this.bytes = bytes;
    this.sha256 = sha256;
  }

  @Override
  public URI target() {
    return target.uri();
  }

  @Override
  public long bytes() {
    return bytes;
  }

  @Override
  public String sha256() {
    return sha256;
  }

  @Override
  public CompletionStage<Done> commit() {
    return connections.run(
        target,
        "committing",
        client -> {
          FtpFiles.rename(client, tempPath, target.path());
          return Done.getInstance();
        });
  }

  @Override
  public CompletionStage<Done> abort() {
    return connections.run(
        target,
        "aborting",
        client -> {
          FtpFiles.deleteIfExists(client, tempPath);
          return Done.getInstance();
        });
  }
}
