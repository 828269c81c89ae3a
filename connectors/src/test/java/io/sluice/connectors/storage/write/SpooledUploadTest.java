package io.sluice.connectors.storage.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.connectors.storage.StagedWrite;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/** The store's upload starts only once every byte is spooled, gets them all in order, and no spool file is left. */
class SpooledUploadTest {
  private final Executor blocking = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "spool-test");
    t.setDaemon(true);
    return t;
  });

  /** A store's upload that keeps what it is sent. */
  private static final class Recording implements StagingSink.Upload {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    int sends;
    boolean staged;
    boolean discarded;

    @Override
    public CompletionStage<Done> send(ByteString chunk) {
      sends++;
      received.writeBytes(chunk.toArray());
      return CompletableFuture.completedFuture(Done.getInstance());
    }

    @Override
    public CompletionStage<StagedWrite> stage(long bytes, String sha256) {
      staged = true;
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Done> discard(Throwable cause) {
      discarded = true;
      return CompletableFuture.completedFuture(Done.getInstance());
    }
  }

  private static List<Path> spoolFiles() throws Exception {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("sluice-spool-")).toList();
    }
  }

  @Test
  void theStoreGetsEveryByteInOrderOnlyAtStage() throws Exception {
    List<Path> before = spoolFiles();
    Recording store = new Recording();
    int[] started = {0};
    SpooledUpload upload = new SpooledUpload(() -> {
      started[0]++;
      return store;
    }, blocking);
    byte[] bytes = new byte[700_000]; // more than one send's worth read back
    new Random(7).nextBytes(bytes);
    for (int at = 0; at < bytes.length; at += 65_536) {
      upload.send(ByteString.fromArray(bytes, at, Math.min(65_536, bytes.length - at))).toCompletableFuture().join();
    }
    assertEquals(0, started[0], "no connection is asked for while the stream runs");
    upload.stage(bytes.length, "sha").toCompletableFuture().join();
    assertEquals(1, started[0]);
    assertTrue(store.staged);
    assertTrue(store.sends > 1);
    assertArrayEquals(bytes, store.received.toByteArray());
    assertEquals(before, spoolFiles(), "the spool file is removed");
  }

  @Test
  void aDiscardedUploadNeverReachesTheStoreAndLeavesNoSpool() throws Exception {
    List<Path> before = spoolFiles();
    Recording store = new Recording();
    SpooledUpload upload = new SpooledUpload(() -> store, blocking);
    upload.send(ByteString.fromString("a,b\n")).toCompletableFuture().join();
    assertFalse(before.equals(spoolFiles()), "spooled to a local file");
    upload.discard(new IllegalStateException("stopped")).toCompletableFuture().join();
    assertEquals(0, store.sends);
    assertFalse(store.discarded, "the store had nothing to discard");
    assertEquals(before, spoolFiles());
  }

  @Test
  void anEmptyUploadIsStagedWithNoSend() throws Exception {
    Recording store = new Recording();
    new SpooledUpload(() -> store, blocking).stage(0, "sha").toCompletableFuture().join();
    assertTrue(store.staged);
    assertEquals(0, store.sends);
  }
}
