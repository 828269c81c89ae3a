package io.sluice.connectors.parquet;

import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StoredObject;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.pekko.stream.Materializer;

/**
 * Parquet's view of one stored object: its length comes from the listing, its bytes from {@link Storage#read} at
 * the position Parquet seeks to. A read of known length (the footer, a run of column chunks) asks the store for
 * exactly those bytes, so a file is never downloaded whole nor copied to local disk.
 */
public final class StorageInputFile implements InputFile {
  private final Storage storage;
  private final StoredObject object;
  private final Materializer materializer;
  private final ReadCount count;

  public StorageInputFile(Storage storage, StoredObject object, Materializer materializer, ReadCount count) {
    this.storage = storage;
    this.object = object;
    this.materializer = materializer;
    this.count = count;
  }

  @Override
  public long getLength() {
    return object.size();
  }

  @Override
  public SeekableInputStream newStream() {
    return new StorageSeekableStream(storage, object, materializer, count);
  }

  @Override
  public String toString() {
    return object.uri().toString();
  }
}
