package io.sluice.connectors.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Test helpers: bytes cut into chunks the way a file read might deliver them, and waiting on
 * results.
 */
final class Streams {
  private Streams() {}

  /** {@code bytes} from {@code from} on, in chunks of {@code chunkSize} bytes. */
  static Source<ByteString, NotUsed> chunked(byte[] bytes, int from, int chunkSize) {
    List<ByteString> chunks = new ArrayList<>();
    for (int at = from; at < bytes.length; at += chunkSize) {
      chunks.add(ByteString.fromArray(bytes, at, Math.min(chunkSize, bytes.length - at)));
    }
    return Source.from(chunks);
  }

  /**
   * {@code bytes} from {@code from} on, in chunks of random sizes between 1 and {@code maxChunk}.
   */
  static Source<ByteString, NotUsed> randomlyChunked(
      byte[] bytes, int from, int maxChunk, Random random) {
    List<ByteString> chunks = new ArrayList<>();
    for (int at = from; at < bytes.length; ) {
      int size = Math.min(1 + random.nextInt(maxChunk), bytes.length - at);
      chunks.add(ByteString.fromArray(bytes, at, size));
      at += size;
    }
    return Source.from(chunks);
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
