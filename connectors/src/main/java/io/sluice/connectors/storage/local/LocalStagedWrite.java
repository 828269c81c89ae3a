package io.sluice.connectors.storage.local;

import io.sluice.connectors.storage.AbstractStagedWrite;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/** A finished local write waiting in its temporary file for a rename onto the target. */
final class LocalStagedWrite extends AbstractStagedWrite {
  private final Path targetPath;
  private final Path temp;
  private final BlockingFileCalls blocking;

  LocalStagedWrite(
      URI target,
      Path targetPath,
      Path temp,
      long bytes,
      String sha256,
      BlockingFileCalls blocking) {
    super(target, bytes, sha256);
    this.targetPath = targetPath;
    this.temp = temp;
    this.blocking = blocking;
  }

  @Override
  public CompletionStage<Done> commit() {
    return blocking.run(
        target(),
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
        target(),
        "aborting",
        () -> {
          Files.deleteIfExists(temp);
          return Done.getInstance();
        });
  }
}
