package io.sluice.connectors.parquet;

import java.io.ByteArrayOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.pekko.util.ByteString;

/**
 * Parquet's view of a part file being written through the store's staged write: the writer's bytes are collected
 * here and handed on ({@link #drain}) after each batch, so a part file never exists on local disk and at most one
 * row group's bytes wait in memory.
 */
final class StagedOutputFile implements OutputFile {
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private long written;

  @Override
  public PositionOutputStream create(long blockSizeHint) {
    return new PositionOutputStream() {
      @Override
      public long getPos() {
        return written;
      }

      @Override
      public void write(int b) {
        pending.write(b);
        written++;
      }

      @Override
      public void write(byte[] b, int off, int len) {
        pending.write(b, off, len);
        written += len;
      }
    };
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) {
    return create(blockSizeHint);
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  /** The bytes written since the last drain. */
  ByteString drain() {
    if (pending.size() == 0) return ByteString.emptyByteString();
    ByteString out = ByteString.fromArrayUnsafe(pending.toByteArray());
    pending.reset();
    return out;
  }
}
