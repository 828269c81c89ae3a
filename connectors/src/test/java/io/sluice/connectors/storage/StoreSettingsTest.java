package io.sluice.connectors.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Secrets by name and node credentials kept to their host (contract §12). */
class StoreSettingsTest {
  private static final Config NODE = ConfigFactory.parseString("""
      sluice.secrets { partner-ftp = "hunter2-value", "dotted.name" = "dotted-value", not-a-string { a = 1 } }
      sluice.connectors.ftp { host = "ftp.partner.example", user = "acme", password = "node-pw" }
      sluice.connectors.sftp { host = "sftp.example:2222", user = "sluice", private-key = "/etc/sluice/key" }
      sluice.connectors.s3 { endpoint = "http://minio.internal:9000", access-key-id = "node-key", secret-access-key = "node-secret" }
      """);

  private static Config block(String text) {
    return ConfigFactory.parseString(text);
  }

  @Test
  void resolvesASecretByNameFromTheNode() {
    Config resolved = StoreSettings.effective(URI.create("ftp://other.example/in/"),
        block("user = bob, password-secret = partner-ftp"), NODE);
    assertEquals("hunter2-value", resolved.getString("password"));
    assertEquals("bob", resolved.getString("user"));
    assertFalse(resolved.hasPath("password-secret"));
    assertEquals("dotted-value", StoreSettings.resolveSecrets("s3",
        block("secret-access-key-secret = \"dotted.name\""), NODE).getString("secret-access-key"));
  }

  @Test
  void anUnknownSecretNamesTheKeyAndTheNameButNoValue() {
    StoreSettings.SettingException e = assertThrows(StoreSettings.SettingException.class,
        () -> StoreSettings.effective(URI.create("sftp://h/x"), block("private-key-secret = nope"), NODE));
    assertEquals("sftp.private-key-secret", e.key());
    assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    assertThrows(StoreSettings.SettingException.class,
        () -> StoreSettings.effective(URI.create("ftp://h/x"), block("password-secret = not-a-string"), NODE));
  }

  @Test
  void bothTheValueAndTheNameAreRefused() {
    StoreSettings.SettingException e = assertThrows(StoreSettings.SettingException.class,
        () -> StoreSettings.effective(URI.create("ftp://h/x"), block("password = x, password-secret = partner-ftp"), NODE));
    assertEquals("ftp.password", e.key());
    assertFalse(e.getMessage().contains("hunter2"));
  }

  @Test
  void nodeCredentialsGoOnlyToTheirHost() {
    Config same = StoreSettings.effective(URI.create("ftps://FTP.partner.example/in/"), block(""), NODE);
    assertEquals("acme", same.getString("user"));
    assertEquals("node-pw", same.getString("password"));
    Config other = StoreSettings.effective(URI.create("ftp://evil.example/in/"), block(""), NODE);
    assertFalse(other.hasPath("user") || other.hasPath("password"));

    assertEquals("sluice", StoreSettings.effective(URI.create("sftp://sftp.example:2222/x"), block(""), NODE).getString("user"));
    assertTrue(StoreSettings.effective(URI.create("sftp://sftp.example/x"), block(""), NODE).isEmpty(), "port 22 is another server");

    Config unset = ConfigFactory.parseString("sluice.connectors.ftp { user = acme, password = pw }");
    assertTrue(StoreSettings.effective(URI.create("ftp://any.example/x"), block(""), unset).isEmpty(),
        "without a host, node credentials go nowhere");
  }

  @Test
  void nodeS3CredentialsGoOnlyToTheNodesEndpoint() {
    assertEquals("node-key", StoreSettings.effective(URI.create("s3://lake/x"), block(""), NODE).getString("access-key-id"));
    assertEquals("node-key", StoreSettings.effective(URI.create("s3://lake/x"),
        block("endpoint = \"http://minio.internal:9000/\""), NODE).getString("access-key-id"));
    assertFalse(StoreSettings.effective(URI.create("s3://lake/x"),
        block("endpoint = \"http://evil.example:9000\""), NODE).hasPath("access-key-id"));
  }

  @Test
  void theFactoriesDefaultsLeaveCredentialsOut() {
    Config stripped = StoreSettings.withoutCredentials("ftp", NODE.getConfig("sluice.connectors.ftp"));
    assertFalse(stripped.hasPath("user") || stripped.hasPath("password") || stripped.hasPath("host"));
  }
}
