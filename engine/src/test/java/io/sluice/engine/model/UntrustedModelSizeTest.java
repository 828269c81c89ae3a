package io.sluice.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.connectors.storage.StagedWrite;
import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StorageException;
import io.sluice.connectors.storage.StoredObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Nothing a store or a model file says about its size is believed: sizes are counted on the bytes. */
class UntrustedModelSizeTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final URI MODEL = URI.create("s3://models/churn.zip");

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void aStoreThatReportsTenBytesAndSendsWithoutEndIsCutOffAtTheLimit() {
    // An endless stream of 64 KiB chunks behind a listing that says 10 bytes.
    Storage lying = new Storage() {
      @Override public CompletionStage<List<StoredObject>> list(URI location) {
        return CompletableFuture.completedFuture(List.of(new StoredObject(MODEL, 10)));
      }
      @Override public Source<ByteString, NotUsed> read(StoredObject object, long offset) {
        return Source.repeat(ByteString.fromArray(new byte[64 * 1024]));
      }
      @Override public Sink<ByteString, CompletionStage<StagedWrite>> write(URI target) {
        throw new UnsupportedOperationException();
      }
      @Override public CompletionStage<Done> delete(URI target) {
        throw new UnsupportedOperationException();
      }
    };
    ExecutionException e = assertThrows(ExecutionException.class, () -> ModelFetch.read(lying, MODEL,
        new StoredObject(MODEL, 10), 4 * 1024 * 1024, Materializer.createMaterializer(KIT.system()))
        .toCompletableFuture().get(60, TimeUnit.SECONDS));
    assertInstanceOf(StorageException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("model file larger than 4194304 bytes"), e.getCause().getMessage());
  }

  @Test
  void aZipBombIsRefusedBeforeItInflates() throws Exception {
    // 256 MiB of spaces as configuration.json: about 250 KiB compressed.
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bomb)) {
      zip.putNextEntry(new ZipEntry(ModelSerializer.CONFIGURATION_JSON));
      byte[] spaces = new byte[1024 * 1024];
      java.util.Arrays.fill(spaces, (byte) ' ');
      for (int i = 0; i < 256; i++) zip.write(spaces);
    }
    assertTrue(bomb.size() < 2 * 1024 * 1024, bomb.size() + " bytes");
    ModelLoadException refused = assertThrows(ModelLoadException.class, () -> ModelLoader.load(bomb.toByteArray(), ModelFormat.AUTO));
    assertEquals("the model's configuration.json inflates to more than 67108864 bytes; refused (a zip bomb, or not a DL4J model)",
        refused.getMessage());
  }

  @Test
  void theWholeZipIsCountedToo() throws Exception {
    ByteArrayOutputStream many = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(many)) {
      zip.putNextEntry(new ZipEntry(ModelSerializer.CONFIGURATION_JSON));
      zip.write("{}".getBytes());
      for (int i = 0; i < 3; i++) {
        zip.putNextEntry(new ZipEntry("weights-" + i));
        zip.write(new byte[1024 * 1024]);
      }
    }
    ModelLoadException refused = assertThrows(ModelLoadException.class,
        () -> ModelZipEntries.read(many.toByteArray(), 1024, 2 * 1024 * 1024));
    assertTrue(refused.getMessage().startsWith("the model zip inflates to more than 2097152 bytes"), refused.getMessage());
  }
}
