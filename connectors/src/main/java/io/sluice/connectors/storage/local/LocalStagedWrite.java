package io.sluice.connectors.storage.local;

import io.sluice.connectors.storage.StagedWrite;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/** A finished local write waiting in its temporary file for a rename onto the target. */
final class LocalStagedWrite implements StagedWrite {
  private final URI target;
  private final Path targetPath;
  private final Path temp;
  private final long bytes;
  private final String sha256;
  private final BlockingFileCalls blocking;

  LocalStagedWrite(
      URI target,
      Path targetPath,
      Path temp,
      long bytes,
      String sha256,
      BlockingFileCalls blocking) {
    this.target = target;
    this.targetPath = targetPath;
    this.temp = temp;
    this.bytes = bytes;
    this.sha256 = sha256;
    this.blocking = blocking;
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
    return blocking.run(
        target,
        "committing",
        () -> {
          Files.move(
              temp,
              targetPath,
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
          return Done.getInstance();
        });
  }

  @Override
  public CompletionStage<Done> abort() {
    return blocking.run(
        target,
        "aborting",
        () -> {
          Files.deleteIfExists(temp);
          return Done.getInstance();
        });
  }
}
