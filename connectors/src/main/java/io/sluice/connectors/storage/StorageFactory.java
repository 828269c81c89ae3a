package io.sluice.connectors.storage;

import com.typesafe.config.Config;

/** Makes the {@link Storage} of one scheme from a location's settings block (such as a job's {@code s3 { }}). */
@FunctionalInterface
public interface StorageFactory {

  /**
   * A store configured by {@code settings} (an empty config when the location has none).
   *
   * @throws IllegalArgumentException naming the key, for settings that cannot work
   */
  Storage create(Config settings);
}
