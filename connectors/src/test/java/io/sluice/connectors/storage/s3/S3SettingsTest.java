package io.sluice.connectors.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import io.sluice.connectors.storage.read.ReadRetries;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parsing a job's {@code s3 { }} block: defaults, every key, and errors that name the key. */
class S3SettingsTest {

  private static S3Settings parse(String hocon) {
    return S3Settings.create(ConfigFactory.parseString(hocon));
  }

  private static String error(String hocon) {
    return assertThrows(IllegalArgumentException.class, () -> parse(hocon)).getMessage();
  }

  @Test
  void anEmptyBlockGivesTheDefaults() {
    S3Settings settings = parse("");
    assertEquals(S3Settings.defaults(), settings);
    assertEquals(Optional.empty(), settings.endpoint());
    assertEquals(Optional.empty(), settings.region());
    assertFalse(settings.pathStyleAccess());
    assertEquals(Optional.empty(), settings.accessKeyId());
    assertEquals(new ReadRetries(5, Duration.ofMillis(200), Duration.ofSeconds(30), 0.2), settings.retries());
  }

  @Test
  void theShippedDefaultsParseToTheSameSettings() {
    Config shipped = ConfigFactory.parseResources("reference.conf").getConfig("sluice.connectors.s3");
    assertEquals(S3Settings.defaults(), S3Settings.create(shipped));
  }

  @Test
  void everyKeyIsRead() {
    S3Settings settings = parse("""
        endpoint = "http://127.0.0.1:9000"
        region = eu-west-1
        path-style-access = true
        access-key-id = AKIDEXAMPLE
        secret-access-key = "wJalrXUtnFEMI/K7MDENG"
        read-retries = 2
        retry-backoff = 1s
        retry-max-backoff = 4s
        retry-random-factor = 0

        """);
    assertEquals(Optional.of(URI.create("http://127.0.0.1:9000")), settings.endpoint());
    assertEquals(Optional.of("eu-west-1"), settings.region());
    assertTrue(settings.pathStyleAccess());
    assertEquals(Optional.of("AKIDEXAMPLE"), settings.accessKeyId());
    assertEquals(Optional.of("wJalrXUtnFEMI/K7MDENG"), settings.secretAccessKey());
    assertEquals(new ReadRetries(2, Duration.ofSeconds(1), Duration.ofSeconds(4), 0), settings.retries());
  }

  @Test
  void nullAndBlankKeysKeepTheirDefaults() {
    assertEquals(S3Settings.defaults(), parse("endpoint = null, region = null, access-key-id = \"\", secret-access-key = null"));
  }

  @Test
  void keysMustComeInPairs() {
    assertEquals(
        "s3.secret-access-key: set together with s3.access-key-id (or leave both unset for the AWS default credentials chain)",
        error("access-key-id = AKIDEXAMPLE"));
    assertTrue(error("secret-access-key = hush").startsWith("s3.access-key-id: set together with s3.secret-access-key"));
  }

  @Test
  void badValuesAreNamedByTheirKey() {
    assertEquals("s3.endpoint: 'x' is not a URL (expected http://host:port or https://host)", error("endpoint = x"));
    assertTrue(error("endpoint = \"ftp://host\"").startsWith("s3.endpoint: 'ftp://host' is not a URL"));
    assertTrue(error("region = \"EU West\"").startsWith("s3.region: 'EU West' is not a region name"));
    assertTrue(error("path-style-access = maybe").startsWith("s3.path-style-access: "));
    assertTrue(error("read-retries = -1").startsWith("s3.read-retries: must be at least 0"));
    assertTrue(error("retry-backoff = -1s").startsWith("s3.retry-backoff: must be zero or more"));
    assertTrue(error("retry-max-backoff = 10ms").startsWith("s3.retry-max-backoff: must not be less than retry-backoff"));
    assertTrue(error("retry-random-factor = 2").startsWith("s3.retry-random-factor: must be between 0 and 1"));
    assertTrue(error("retry-backoff = soon").startsWith("s3.retry-backoff: "));
  }

  @Test
  void copiesChangeOneThing() {
    S3Settings base = S3Settings.defaults();
    assertEquals(Optional.of(URI.create("https://minio.local")), base.withEndpoint("https://minio.local").endpoint());
    assertEquals(Optional.of("ap-south-1"), base.withRegion("ap-south-1").region());
    assertTrue(base.withPathStyleAccess(true).pathStyleAccess());
    assertEquals(Optional.of("id"), base.withCredentials("id", "secret").accessKeyId());
    assertEquals(Optional.empty(), base.withCredentials("id", "secret").withCredentials(null, null).secretAccessKey());
    assertEquals(0, base.withReadRetries(0).readRetries());
    assertEquals(Duration.ofSeconds(2), base.withRetryBackoff(Duration.ofSeconds(2)).retryBackoff());
    assertThrows(IllegalArgumentException.class, () -> base.withCredentials("id", null));
    assertThrows(IllegalArgumentException.class, () -> base.withEndpoint("not a url"));
    assertEquals(S3Settings.defaults(), base);
  }

  @Test
  void toStringNeverShowsTheSecret() {
    S3Settings settings = parse("access-key-id = AKIDEXAMPLE, secret-access-key = \"wJalrXUtnFEMI/K7MDENG\"");
    String text = settings.toString();
    assertFalse(text.contains("wJalrXUtnFEMI/K7MDENG"), text);
    assertTrue(text.contains("AKIDEXAMPLE"), text);
    assertTrue(text.contains("<redacted>"), text);
  }
}
