package io.sluice.engine.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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

  static ModelZipEntries read(byte[] zipBytes) {
    String configuration = null;
    byte[] normalizer = null;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (entry.getName().equals(ModelSerializer.CONFIGURATION_JSON)) {
          configuration = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
        } else if (entry.getName().equals(ModelSerializer.NORMALIZER_BIN)) {
          normalizer = zip.readAllBytes();
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
