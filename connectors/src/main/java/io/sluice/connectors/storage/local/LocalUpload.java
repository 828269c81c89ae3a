package io.sluice.connectors.storage.local;

import io.sluice.connectors.storage.StagedWrite;
import io.sluice.connectors.storage.TemporaryNames;
import io.sluice.connectors.storage.write.StagingSink;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.util.ByteString;

/**
 * One local write for {@link StagingSink}: bytes go into a hidden temporary file beside the
 * target, which the commit renames. Each call runs on the blocking-IO dispatcher and completes
 * when it is done there; they never overlap, so the fields need no lock.
 */
final class LocalUpload implements StagingSink.Upload {
  private final URI target;
  private final Path targetPath;
  private final BlockingFileCalls blocking;
  private Path temp;
  private FileChannel channel;

  LocalUpload(URI target, Path targetPath, BlockingFileCalls blocking) {
    this.target = target;
    this.targetPath = targetPath;
    this.blocking = blocking;
  }

  @Override
  public CompletionStage<Done> send(ByteString chunk) {
    return blocking.run(target, "writing", () -> {
      for (ByteBuffer buffer : chunk.getByteBuffers()) {
        ByteBuffer bytes = buffer.duplicate();
        while (bytes.hasRemaining()) open().write(bytes);
      }
      return Done.getInstance();
    });
  }

  @Override
  public CompletionStage<StagedWrite> stage(long bytes, String sha256) {
    return blocking.run(target, "writing", () -> {
      FileChannel written = open();
      // Without this a crash soon after the rename could leave the final name with missing bytes.
      written.force(true);
      written.close();
      return new LocalStagedWrite(target, targetPath, temp, bytes, sha256, blocking);
    });
  }

  @Override
  public CompletionStage<Done> discard(Throwable cause) {
    return blocking.run(target, "discarding", () -> {
      try {
        if (channel != null) channel.close();
        if (temp != null) Files.deleteIfExists(temp);
      } catch (IOException e) {
        // Best effort: the write has already failed, and a leftover hidden file is ignored by listings.
      }
      return Done.getInstance();
    });
  }

  /** The temporary file, made on the first byte (or at the end, for an empty write). */
  private FileChannel open() throws IOException {
    if (channel == null) {
      // Checked first: createDirectories on an existing folder fails inside and throws, once for every file written.
      if (!Files.isDirectory(targetPath.getParent())) Files.createDirectories(targetPath.getParent());
      temp = targetPath.resolveSibling(TemporaryNames.forTarget(targetPath.getFileName().toString()));
      channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
    return channel;
  }
}
