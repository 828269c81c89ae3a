package io.sluice.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.sluice.connectors.jdbc.JdbcSettings;
import io.sluice.connectors.stores.Storages;
import io.sluice.engine.job.JobException;
import io.sluice.engine.job.JobParser;
import io.sluice.engine.job.JobSpec;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A job's jdbc: settings: the node's secret put in by name, the pool sized by the partitions in flight. */
class JdbcLocationsTest {
  private static ActorSystem system;
  private static Storages storages;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("jdbc-locations", ConfigFactory.parseString("sluice.secrets.shop-db = \"s3cr3t-value\"")
        .withFallback(ConfigFactory.load()));
    storages = Storages.create(system);
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static JobSpec job(String secret, int inFlight) {
    return JobParser.parse(ConfigFactory.parseString("""
        job {
          name = j
          input { uri = "jdbc:postgresql://db/shop", features = [a],
                  jdbc { table = t, partition-column = id, user = u, password-secret = "%s" } }
          model { uri = "file:///m.zip" }
          workers { partitions-in-flight = %d }
          output { uri = "file:///out/" }
        }
        """.formatted(secret, inFlight)));
  }

  @Test
  void theSecretComesFromTheNodeAndThePoolFitsThePartitionsInFlight() {
    JdbcSettings few = JdbcLocations.input(storages, job("shop-db", 1));
    assertEquals("s3cr3t-value", few.password());
    assertEquals(4, few.maxConnections(), "the default when 2 x 1 + 1 is less");
    assertEquals(8, few.partitions());
    assertEquals(10000, few.fetchSize());
    assertEquals(11, JdbcLocations.input(storages, job("shop-db", 5)).maxConnections(), "2 x 5 in flight + 1");
    assertFalse(few.toString().contains("s3cr3t-value"));
  }

  @Test
  void anUnknownSecretIsNamedByItsKey() {
    JobException e = assertThrows(JobException.class, () -> JdbcLocations.input(storages, job("nope", 1)));
    assertEquals("job.input.jdbc.password-secret", e.key());
  }
}
