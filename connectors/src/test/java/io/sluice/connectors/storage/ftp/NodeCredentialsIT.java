package io.sluice.connectors.storage.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sluice.connectors.stores.Storages;
import io.sluice.connectors.storage.StoredObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's FTP credentials reach only the host they are configured for: the same server named
 * another way (localhost instead of 127.0.0.1) gets an anonymous login, never the node's password.
 * Secrets named by a location come from the node's sluice.secrets.
 */
class NodeCredentialsIT {
  @TempDir Path home;

  private static ActorSystem system(String config) {
    return ActorSystem.create("NodeCredentialsIT", ConfigFactory.parseString(config).withFallback(ConfigFactory.load()));
  }

  @Test
  void nodeCredentialsAreSentOnlyToTheirHost() throws Exception {
    Files.writeString(home.resolve("in.csv"), "a\n1\n");
    try (FtpTestServer server = FtpTestServer.start(home)) {
      ActorSystem system = system("sluice.connectors.ftp { host = \"127.0.0.1\", user = \"" + FtpTestServer.USER
          + "\", password = \"" + FtpTestServer.PASSWORD + "\", connect-timeout = 3s }");
      try {
        Storages storages = Storages.create(system);
        URI own = URI.create("ftp://127.0.0.1:" + server.port() + "/");
        List<StoredObject> listed = storages.forUri(own).list(own).toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertEquals(1, listed.size());
        assertTrue(server.loginsReceived().contains("PASS " + FtpTestServer.PASSWORD));

        int before = server.loginsReceived().size();
        URI other = URI.create("ftp://localhost:" + server.port() + "/");
        assertThrows(ExecutionException.class, () -> storages.forUri(other).list(other).toCompletableFuture().get(20, TimeUnit.SECONDS));
        List<String> sent = server.loginsReceived().subList(before, server.loginsReceived().size());
        assertFalse(sent.isEmpty(), "the other host was asked to log in");
        assertFalse(sent.stream().anyMatch(l -> l.contains(FtpTestServer.PASSWORD) || l.contains(FtpTestServer.USER)), sent.toString());
      } finally {
        TestKit.shutdownActorSystem(system);
      }
    }
  }

  @Test
  void aPasswordNamedByTheLocationComesFromTheNodesSecrets() throws Exception {
    Files.writeString(home.resolve("in.csv"), "a\n1\n");
    try (FtpTestServer server = FtpTestServer.start(home)) {
      ActorSystem system = system("sluice.secrets.partner-ftp = \"" + FtpTestServer.PASSWORD + "\"");
      try {
        URI uri = URI.create("ftp://localhost:" + server.port() + "/");
        var block = ConfigFactory.parseString("user = " + FtpTestServer.USER + ", password-secret = partner-ftp");
        List<StoredObject> listed = Storages.create(system).forUri(uri, block).list(uri).toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertEquals(1, listed.size());
      } finally {
        TestKit.shutdownActorSystem(system);
      }
    }
  }
}
