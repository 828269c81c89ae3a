package io.sluice.connectors.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.apache.pekko.util.ByteString;

/** Positional reads of a local file's channel, for the stores' local files (input files, spooled uploads). */
public final class ChannelReads {
  private ChannelReads() {}

  /** Up to {@code size} bytes at {@code position}, fewer only at the end of the file; one blocking call. */
  public static ByteString upTo(FileChannel channel, long position, int size) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(size);
    while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) >= 0) {
      // read until full or at the end of the file
    }
    return ByteString.fromArrayUnsafe(buffer.array(), 0, buffer.position());
  }
}
