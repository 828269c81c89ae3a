package io.sluice.connectors.storage.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading an {@code ftp { }} block: defaults, overrides, early and precise refusals, no password shown. */
class FtpSettingsTest {
  @TempDir Path dir;

  private static Config shippedDefaults() {
    return ConfigFactory.parseResources("reference.conf").resolve().getConfig("sluice.connectors.ftp");
  }

  @Test
  void anEmptyBlockGivesTheDefaults() {
    FtpSettings settings = FtpSettings.create(ConfigFactory.empty());
    assertEquals("anonymous", settings.user());
    assertEquals("", settings.password());
    assertTrue(settings.passive());
    assertFalse(settings.implicitTls());
    assertEquals(4, settings.maxConnections());
    assertEquals(Duration.ofSeconds(10), settings.connectTimeout());
    assertEquals(Duration.ofSeconds(60), settings.readTimeout());
    assertEquals(5, settings.readRetries());
    assertEquals(Duration.ofMillis(200), settings.retryBackoff());
    assertEquals(Optional.empty(), settings.trustStore());
  }

  @Test
  void theShippedDefaultsFileSaysTheSameAsTheCode() {
    assertEquals(FtpSettings.defaults().toString(), FtpSettings.create(shippedDefaults()).toString());
  }

  @Test
  void aJobBlockOverridesKeyByKeyAndNullsKeepDefaults() throws Exception {
    Path trust = Files.writeString(dir.resolve("trust.p12"), "");
    Config job =
        ConfigFactory.parseString(
            "user = ana, password = \"p@ss\", passive = false, implicit-tls = true,"
                + " max-connections = 2, connect-timeout = 3s, read-timeout = 7s, read-retries = 0,"
                + " retry-backoff = 1s, trust-store = \"" + trust + "\", trust-store-password = pw,"
                + " user = ${?NO_SUCH_VARIABLE_FOR_SURE}")
            .resolve();
    FtpSettings settings = FtpSettings.create(job.withFallback(shippedDefaults()));
    assertEquals("ana", settings.user());
    assertEquals("p@ss", settings.password());
    assertFalse(settings.passive());
    assertTrue(settings.implicitTls());
    assertEquals(2, settings.maxConnections());
    assertEquals(Duration.ofSeconds(3), settings.connectTimeout());
    assertEquals(Duration.ofSeconds(7), settings.readTimeout());
    assertEquals(0, settings.readRetries());
    assertEquals(Duration.ofSeconds(1), settings.retryBackoff());
    assertEquals(Optional.of(trust), settings.trustStore());
    assertEquals("pw", settings.trustStorePassword());

    FtpSettings withNull = FtpSettings.create(ConfigFactory.parseString("password = null, max-connections = null"));
    assertEquals("", withNull.password());
    assertEquals(4, withNull.maxConnections());
  }

  @Test
  void badValuesAreRefusedNamingTheKey() {
    assertRefused("max-connections = 0", "max-connections");
    assertRefused("max-connections = lots", "max-connections");
    assertRefused("passive = maybe", "passive");
    assertRefused("connect-timeout = 0s", "connect-timeout");
    assertRefused("read-timeout = soon", "read-timeout");
    assertRefused("read-retries = -1", "read-retries");
    assertRefused("retry-backoff = -1s", "retry-backoff");
    assertRefused("user = \"\"", "user");
    assertRefused("trust-store = \"/no/such/store.p12\"", "trust-store");
    assertRefused("implicit-tls = {}", "implicit-tls");
  }

  private static void assertRefused(String block, String key) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FtpSettings.create(ConfigFactory.parseString(block)));
    assertTrue(e.getMessage().startsWith("ftp." + key + ":"), e.getMessage());
  }

  @Test
  void withCopiesChangeOneThingAndLeaveTheOriginal() {
    FtpSettings original = FtpSettings.defaults();
    FtpSettings changed = original.withUser("bo").withMaxConnections(9).withPassive(false);
    assertEquals("anonymous", original.user());
    assertEquals(4, original.maxConnections());
    assertEquals("bo", changed.user());
    assertEquals(9, changed.maxConnections());
    assertFalse(changed.passive());
    assertThrows(IllegalArgumentException.class, () -> original.withReadRetries(-2));
  }

  @Test
  void neverShowsThePassword() {
    FtpSettings settings = FtpSettings.create(ConfigFactory.parseString("user = ana, password = \"hunter2-secret\""));
    assertFalse(settings.toString().contains("hunter2-secret"), settings.toString());
    assertTrue(settings.toString().contains("ana"));
  }
}
