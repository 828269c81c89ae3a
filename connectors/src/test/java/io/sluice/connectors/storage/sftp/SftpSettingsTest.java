package io.sluice.connectors.storage.sftp;

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

/** Reading, defaulting, validating and printing the SFTP settings. */
class SftpSettingsTest {
  private static final String SECRET = "hunter2-Secret";

  @TempDir Path dir;

  private static Config hocon(String text) {
    return ConfigFactory.parseString(text);
  }

  /** The block as the engine passes it: the job's keys over the shipped defaults. */
  private static Config merged(String text) {
    Config defaults = ConfigFactory.parseResources("reference.conf").resolve().getConfig("sluice.connectors.sftp");
    return hocon(text).withFallback(defaults);
  }

  @Test
  void absentKeysTakeTheDefaults() {
    SftpSettings settings = SftpSettings.create(hocon("password = x"));
    assertEquals(Optional.empty(), settings.user());
    assertEquals(Optional.of("x"), settings.password());
    assertEquals(Optional.empty(), settings.privateKey());
    assertEquals(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"), settings.knownHosts());
    assertTrue(settings.strictHostKeyChecking());
    assertEquals(4, settings.maxConnections());
    assertEquals(Duration.ofSeconds(10), settings.connectTimeout());
    assertEquals(5, settings.readRetries());
    assertEquals(Duration.ofMillis(200), settings.retryBackoff());
  }

  @Test
  void theShippedDefaultsAgreeWithTheBuiltInOnes() {
    assertEquals(SftpSettings.create(hocon("password = x")), SftpSettings.create(merged("password = x")));
  }

  @Test
  void readsEveryKey() throws Exception {
    Path key = Files.writeString(dir.resolve("id_test"), "key");
    SftpSettings settings = SftpSettings.create(merged(
        "user = ana, password = pw, private-key = \"" + key + "\", known-hosts = \"/etc/kh\","
            + " strict-host-key-checking = false, max-connections = 7, connect-timeout = 3s,"
            + " read-retries = 2, retry-backoff = 1s"));
    assertEquals(Optional.of("ana"), settings.user());
    assertEquals(Optional.of(key), settings.privateKey());
    assertEquals(Path.of("/etc/kh"), settings.knownHosts());
    assertFalse(settings.strictHostKeyChecking());
    assertEquals(7, settings.maxConnections());
    assertEquals(Duration.ofSeconds(3), settings.connectTimeout());
    assertEquals(2, settings.readRetries());
    assertEquals(Duration.ofSeconds(1), settings.retryBackoff());
  }

  @Test
  void nullValuesCountAsAbsent() {
    SftpSettings settings = SftpSettings.create(hocon("password = x, user = null, max-connections = null"));
    assertEquals(Optional.empty(), settings.user());
    assertEquals(4, settings.maxConnections());
  }

  @Test
  void aTildeMeansTheHomeDirectory() {
    SftpSettings settings = SftpSettings.create(hocon("password = x, known-hosts = \"~/kh\""));
    assertEquals(Path.of(System.getProperty("user.home"), "kh"), settings.knownHosts());
  }

  @Test
  void refusesSettingsWithoutAWayToLogIn() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SftpSettings.create(merged("user = ana")));
    assertTrue(e.getMessage().contains("sftp.password"), e.getMessage());
    assertTrue(e.getMessage().contains("sftp.private-key"), e.getMessage());
  }

  @Test
  void refusesAnUnreadableKeyFile() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SftpSettings.create(hocon("private-key = \"" + dir.resolve("missing") + "\"")));
    assertTrue(e.getMessage().startsWith("sftp.private-key:"), e.getMessage());
  }

  @Test
  void refusesValuesThatCannotWork() {
    assertKeyNamed("sftp.max-connections", "password = x, max-connections = 0");
    assertKeyNamed("sftp.connect-timeout", "password = x, connect-timeout = 0s");
    assertKeyNamed("sftp.read-retries", "password = x, read-retries = -1");
    assertKeyNamed("sftp.retry-backoff", "password = x, retry-backoff = -1s");
    assertKeyNamed("sftp.strict-host-key-checking", "password = x, strict-host-key-checking = maybe");
    assertKeyNamed("sftp.max-connections", "password = x, max-connections = many");
  }

  private static void assertKeyNamed(String key, String block) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SftpSettings.create(hocon(block)));
    assertTrue(e.getMessage().startsWith(key + ":"), e.getMessage());
  }

  @Test
  void toStringNeverShowsThePassword() {
    SftpSettings settings = SftpSettings.create(hocon("user = ana, password = \"" + SECRET + "\""));
    assertFalse(settings.toString().contains(SECRET), settings.toString());
    assertTrue(settings.toString().contains("user=ana"), settings.toString());
  }

  @Test
  void withMethodsMakeChangedCopies() throws Exception {
    SftpSettings original = SftpSettings.create(hocon("password = x"));
    Path key = Files.writeString(dir.resolve("id_test"), "key");
    SftpSettings changed = original
        .withUser("bob")
        .withPrivateKey(key)
        .withPassword(null)
        .withKnownHosts(Path.of("/kh"))
        .withStrictHostKeyChecking(false)
        .withMaxConnections(1)
        .withConnectTimeout(Duration.ofSeconds(1))
        .withReadRetries(0)
        .withRetryBackoff(Duration.ZERO);
    assertEquals(Optional.of("x"), original.password());
    assertEquals(Optional.empty(), original.user());
    assertEquals(Optional.of("bob"), changed.user());
    assertEquals(Optional.empty(), changed.password());
    assertEquals(Optional.of(key), changed.privateKey());
    assertEquals(1, changed.maxConnections());
    assertThrows(IllegalArgumentException.class, () -> original.withMaxConnections(0));
    assertThrows(IllegalArgumentException.class, () -> original.withPassword(null));
  }
}
