package io.sluice.connectors.storage.sftp.impl;

import io.sluice.connectors.storage.StagedWrite;
import java.net.URI;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/** Internal API: a finished upload waiting in its hidden temporary file for a rename onto the target. */
final class SftpStagedWrite implements StagedWrite {
  private final URI target;
  private final String targetPath;
  private final String tempPath;
  private final long bytes;
  private final String sha256;
  private final SftpCalls calls;

  SftpStagedWrite(URI target, String targetPath, String tempPath, long bytes, String sha256, SftpCalls calls) {
    this.target = target;
    this.targetPath = targetPath;
    this.tempPath = tempPath;
    this.bytes = bytes;
    this.sha256 = sha256;
    this.calls = calls;
  }

  @Override
  public URI target() {
    return target;
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
    return calls.withConnection(target, "committing", sftp -> {
      SftpFiles.renameReplacing(sftp, tempPath, targetPath);
      return Done.getInstance();
    });
  }

  @Override
  public CompletionStage<Done> abort() {
    return calls.withConnection(target, "aborting", sftp -> {
      SftpFiles.removeIfExists(sftp, tempPath);
      return Done.getInstance();
    });
  }
}
