package io.sluice.connectors.storage.local;

import io.sluice.connectors.storage.ChannelReads;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * A local file from an offset, read one call per pull: the first call reads what the reader expects and a little
 * more, each later one a chunk. Why not {@code FileIO}: it reads chunks of 64 KiB ahead inside an actor of its own
 * and as many again fill the buffer behind it, about 1 MiB of the file for a partition of 16 KiB ({@code
 * LocalStorageTest} counted 1,073,714 bytes), and it starts that actor for every read.
 */
final class SizedRead {
  /** Read in the first call beyond what the reader expects: the record that crosses its end usually ends within it. */
  static final int READ_PAST = 8 * 1024;

  private final URI uri;
  private final Path path;
  private final BlockingFileCalls blocking;
  private final int chunkSize;

  /** Where the next call reads and how much; {@code size} 0 once the end of the file was seen. */
  private record Next(long position, int size) {}

  SizedRead(URI uri, Path path, BlockingFileCalls blocking, int chunkSize) {
    this.uri = uri;
    this.path = path;
    this.blocking = blocking;
    this.chunkSize = chunkSize;
  }

  Source<ByteString, NotUsed> from(long offset, int expected) {
    return Source.unfoldAsync(new Next(offset, expected + READ_PAST), this::readNext);
  }

  private CompletionStage<Optional<Pair<Next, ByteString>>> readNext(Next next) {
    if (next.size() == 0) return CompletableFuture.completedFuture(Optional.empty());
    return blocking.run(uri, "reading", () -> {
      ByteString bytes = readAt(path, next.position(), next.size());
      if (bytes.isEmpty()) return Optional.empty();
      // A short read is the end of the file: nothing more to ask for.
      int after = bytes.size() < next.size() ? 0 : chunkSize;
      return Optional.of(Pair.create(new Next(next.position() + bytes.size(), after), bytes));
    });
  }

  /** Up to {@code size} bytes at {@code position}, fewer only at the end of the file; one blocking call. */
  static ByteString readAt(Path path, long position, int size) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return ChannelReads.upTo(channel, position, size);
    }
  }
}
