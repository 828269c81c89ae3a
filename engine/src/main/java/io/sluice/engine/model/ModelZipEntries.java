package io.sluice.engine.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.util.ModelSerializer;

/** The entries of a DL4J model zip that decide how to load it: its configuration and its optional normalizer. */
record ModelZipEntries(String configurationJson, byte[] normalizer) {

  /** Whether the configuration is a ComputationGraph's: only those have a vertex map. */
  boolean isComputationGraph() {
    return configurationJson.contains("\"vertices\"");
  }

  boolean hasNormalizer() {
    return normalizer != null;
  }

  /** The most a configuration or normalizer entry may hold once inflated: both are small in real models. */
  static final int MAX_SMALL_ENTRY = 64 * 1024 * 1024;
  /** The most all entries may hold once inflated: the weights of a model of the 2 GiB a model file may have, with room. */
  static final long MAX_INFLATED = 4L * 1024 * 1024 * 1024;

  static ModelZipEntries read(byte[] zipBytes) {
    return read(zipBytes, MAX_SMALL_ENTRY, MAX_INFLATED);
  }

  /**
   * Reads the entries, counting what each inflates to: a zip bomb (a few kilobytes that inflate
   * to gigabytes) is refused once it passes the limits, in bounded memory, before DL4J reads it.
   */
  static ModelZipEntries read(byte[] zipBytes, int maxSmallEntry, long maxInflated) {
    String configuration = null;
    byte[] normalizer = null;
    long inflated = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        boolean kept = entry.getName().equals(ModelSerializer.CONFIGURATION_JSON)
            || entry.getName().equals(ModelSerializer.NORMALIZER_BIN);
        byte[] content = kept ? zip.readNBytes(maxSmallEntry + 1) : null;
        if (content != null && content.length > maxSmallEntry) {
          throw new ModelLoadException("the model's " + entry.getName() + " inflates to more than " + maxSmallEntry
              + " bytes; refused (a zip bomb, or not a DL4J model)");
        }
        inflated += content != null ? content.length : zip.transferTo(OutputStream.nullOutputStream());
        if (inflated > maxInflated) {
          throw new ModelLoadException("the model zip inflates to more than " + maxInflated + " bytes; refused");
        }
        if (entry.getName().equals(ModelSerializer.CONFIGURATION_JSON)) {
          configuration = new String(content, StandardCharsets.UTF_8);
        } else if (entry.getName().equals(ModelSerializer.NORMALIZER_BIN)) {
          normalizer = content;
        }
      }
    } catch (IOException e) {
      throw new ModelLoadException("cannot read model: not a readable zip file (" + e.getMessage() + ")", e);
    }
    if (configuration == null) {
      throw new ModelLoadException("not a DL4J model zip (no " + ModelSerializer.CONFIGURATION_JSON + ")");
    }
    return new ModelZipEntries(configuration, normalizer);
  }
}
