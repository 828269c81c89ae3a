package io.sluice.connectors.storage.sftp.impl;

import io.sluice.connectors.storage.AbstractStagedWrite;
import java.net.URI;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/** Internal API: a finished upload waiting in its hidden temporary file for a rename onto the target. */
final class SftpStagedWrite extends AbstractStagedWrite {
  private final String targetPath;
  private final String tempPath;
  private final SftpCalls calls;

  SftpStagedWrite(URI target, String targetPath, String tempPath, long bytes, String sha256, SftpCalls calls) {
    super(target, bytes, sha256);
    this.targetPath = targetPath;
    this.tempPath = tempPath;
    this.calls = calls;
  }

  @Override
  public CompletionStage<Done> commit() {
    return calls.withConnection(target(), "committing", sftp -> {
      SftpFiles.renameReplacing(sftp, tempPath, targetPath);
      return Done.getInstance();
    });
  }

  @Override
  public CompletionStage<Done> abort() {
    return calls.withConnection(target(), "aborting", sftp -> {
      SftpFiles.removeIfExists(sftp, tempPath);
      return Done.getInstance();
    });
  }
}
