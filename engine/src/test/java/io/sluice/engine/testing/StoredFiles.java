package io.sluice.engine.testing;

import com.typesafe.config.Config;
import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.connectors.stores.Storages;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/** A run's output read back from any store, to compare with what another store or a local run got. */
public final class StoredFiles {
  private StoredFiles() {}

  /** Part and errors files below {@code location}, by relative name ({@code part-00000.csv}, {@code _errors/...}). */
  public static Map<String, byte[]> parts(Storages storages, ActorSystem system, URI location, Config settings)
      throws Exception {
    Storage storage = storages.forUri(location, settings);
    List<StoredObject> found = new ArrayList<>(storage.list(location).toCompletableFuture().get());
    found.addAll(storage.list(URI.create(location + "_errors/")).toCompletableFuture().get());
    Map<String, byte[]> files = new TreeMap<>();
    for (StoredObject o : found) {
      if (!o.name().startsWith("part-")) continue;
      String name = o.uri().getPath().contains("/_errors/") ? "_errors/" + o.name() : o.name();
      files.put(name, storage.read(o, 0).runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), system)
          .toCompletableFuture().get().toArray());
    }
    return files;
  }
}
