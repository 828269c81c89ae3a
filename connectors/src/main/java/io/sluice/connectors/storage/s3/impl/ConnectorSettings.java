package io.sluice.connectors.storage.s3.impl;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.sluice.connectors.storage.s3.S3Settings;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;

/**
 * Builds the Pekko Connectors S3 settings of one store from Sluice's {@link S3Settings}, over the
 * actor system's {@code pekko.connectors.s3} defaults.
 */
public final class ConnectorSettings {
  static final String FALLBACK_REGION = "us-east-1";

  private ConnectorSettings() {}

  /** The connector's settings for {@code settings}, to attach with {@code S3Attributes.settings}. */
  public static org.apache.pekko.stream.connectors.s3.S3Settings of(
      ClassicActorSystemProvider system, S3Settings settings) {
    Config defaults = system.classicSystem().settings().config().getConfig("pekko.connectors.s3");
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("access-style", settings.pathStyleAccess() ? "path" : "virtual");
    settings.endpoint().ifPresent(url -> overrides.put("endpoint-url", url.toString()));
    overrides.put("aws.region.provider", "static");
    overrides.put("aws.region.default-region", settings.region().orElseGet(ConnectorSettings::regionFromEnvironment));
    if (settings.accessKeyId().isPresent()) {
      overrides.put("aws.credentials.provider", "static");
      overrides.put("aws.credentials.access-key-id", settings.accessKeyId().get());
      overrides.put("aws.credentials.secret-access-key", settings.secretAccessKey().orElseThrow());
    } else {
      overrides.put("aws.credentials.provider", "default");
    }
    // Request-level retries (connection refused, 5xx before a response) share the read settings.
    String backoff = settings.retryBackoff().toMillis() + "ms";
    for (String path : new String[] {"retry-settings", "multipart-upload.retry-settings"}) {
      overrides.put(path + ".max-retries", settings.readRetries());
      overrides.put(path + ".min-backoff", backoff);
      overrides.put(path + ".max-backoff", settings.retries().maxBackoff().toMillis() + "ms");
    }
    Config merged = ConfigFactory.parseMap(overrides).withFallback(defaults.withoutPath("path-style-access"));
    return org.apache.pekko.stream.connectors.s3.S3Settings.create(merged.resolve());
  }

  /**
   * The region the AWS environment names (AWS_REGION, the aws.region property, AWS_DEFAULT_REGION,
   * the profile), else us-east-1. The SDK's full chain would also ask the EC2 instance metadata
   * service over the network, and fail rather than fall back; neither suits a settings builder.
   */
  static String regionFromEnvironment() {
    try {
      return new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider())
          .getRegion()
          .id();
    } catch (RuntimeException none) {
      return Optional.ofNullable(System.getenv("AWS_DEFAULT_REGION"))
          .filter(r -> !r.isBlank())
          .orElse(FALLBACK_REGION);
    }
  }
}
