package io.sluice.engine.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sluice.security.allowed-locations: prefixes on segment boundaries, files after links and '..'. */
class AllowedLocationsTest {
  @TempDir Path dir;

  private static AllowedLocations of(String... locations) {
    return AllowedLocations.of(ConfigFactory.empty().withValue(AllowedLocations.PATH, ConfigValueFactory.fromIterable(List.of(locations))));
  }

  @Test
  void emptyAllowsAny() {
    AllowedLocations any = AllowedLocations.of(ConfigFactory.load());
    assertTrue(any.allowsAny());
    assertTrue(any.allows(URI.create("file:///etc/passwd")));
  }

  @Test
  void remoteLocationsCompareSchemeHostPortAndWholeSegments() {
    AllowedLocations allowed = of("s3://lake/", "sftp://files.example:2222/srv/in/", "ftp://ftp.example/drop");
    assertTrue(allowed.allows(URI.create("s3://lake/")));
    assertTrue(allowed.allows(URI.create("s3://lake/a/b.csv")));
    assertFalse(allowed.allows(URI.create("s3://lakehouse/a")));
    assertFalse(allowed.allows(URI.create("s3://other/lake/")));
    assertFalse(allowed.allows(URI.create("ftp://lake/")));
    assertTrue(allowed.allows(URI.create("sftp://files.example:2222/srv/in/x.csv")));
    assertTrue(allowed.allows(URI.create("sftp://ana@files.example:2222/srv/in/")));
    assertFalse(allowed.allows(URI.create("sftp://files.example/srv/in/x.csv")), "another port");
    assertFalse(allowed.allows(URI.create("sftp://files.example:2222/srv/input/")));
    assertFalse(allowed.allows(URI.create("sftp://files.example:2222/srv/in/../../etc/passwd")));
    assertTrue(allowed.allows(URI.create("ftp://FTP.example/drop/x")));
    assertFalse(allowed.allows(URI.create("ftp://ftp.example/dropbox/x")));
    assertFalse(allowed.allows(URI.create("ftps://ftp.example/drop/x")), "another scheme");
  }

  /** A database entry allows that database alone: host, port, name and the driver's parameters as written. */
  @Test
  void aDatabaseEntryAllowsThatDatabaseOnly() {
    AllowedLocations allowed = of("s3://lake/", "jdbc:postgresql://DB.internal/shop", "jdbc:postgresql://db2:6432/crm?sslmode=require");
    assertTrue(allowed.allows(URI.create("jdbc:postgresql://db.internal:5432/shop")), "port 5432 when not written");
    assertTrue(allowed.allows(URI.create("jdbc:postgresql://db.internal/shop")));
    assertTrue(allowed.allows(URI.create("jdbc:postgresql://db2:6432/crm?sslmode=require")));
    assertFalse(allowed.allows(URI.create("jdbc:postgresql://db.internal/shop2")), "another database");
    assertFalse(allowed.allows(URI.create("jdbc:postgresql://db.internal:5433/shop")), "another port");
    assertFalse(allowed.allows(URI.create("jdbc:postgresql://db.internal.evil/shop")), "another host");
    assertFalse(allowed.allows(URI.create("jdbc:postgresql://db.internal/shop/x")), "not a database name");
    assertFalse(allowed.allows(URI.create("jdbc:postgresql://db.internal/shop?socketFactory=x.Y&socketFactoryArg=z")),
        "driver parameters the entry does not write");
    assertFalse(allowed.allows(URI.create("jdbc:postgresql://db2:6432/crm")), "without the entry's parameters");
    assertFalse(allowed.allows(URI.create("jdbc:postgresql://db.internal,evil/shop")), "several hosts");
    assertFalse(allowed.allows(URI.create("jdbc:postgresql://evil@db.internal/shop")), "user info");
    assertFalse(allowed.allows(URI.create("jdbc:mysql://db.internal/shop")), "another database system");
    assertFalse(of("s3://lake/").allows(URI.create("jdbc:postgresql://db.internal/shop")), "no database entry");
    for (String bad : new String[] {"jdbc:postgresql://db.internal/", "jdbc:postgresql://h1,h2/shop", "jdbc:mysql://h/db"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> of(bad));
      assertTrue(e.getMessage().startsWith(AllowedLocations.PATH + ": "), e.getMessage());
    }
  }

  @Test
  void filesCompareWhereTheyReallyAre() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.createSymbolicLink(data.resolve("link"), elsewhere);
    Files.createSymbolicLink(data.resolve("dangling"), dir.resolve("nothing-yet"));
    Files.createSymbolicLink(data.resolve("inner"), Path.of("."));
    AllowedLocations allowed = of(data.toUri().toString());
    assertTrue(allowed.allows(data.resolve("in/x.csv").toUri()));
    assertTrue(allowed.allows(data.resolve("inner/x.csv").toUri()), "a link that stays inside");
    assertFalse(allowed.allows(URI.create(data.toUri() + "../elsewhere/x.csv")));
    assertFalse(allowed.allows(data.resolve("link/x.csv").toUri()));
    assertFalse(allowed.allows(data.resolve("dangling/out/").toUri()));
    assertFalse(allowed.allows(URI.create("file:///etc/passwd")));
    assertFalse(allowed.allows(dir.resolve("data2/x").toUri()), "a sibling whose name starts the same");
    assertFalse(allowed.allows(URI.create("s3://data/x")));
  }

  @Test
  void aJobsFirstLocationOutsideIsNamed() {
    JobSpec job = JobParser.parse("""
        job { name = j, input { uri = "s3://lake/in/", features = [a] }, model.uri = "s3://lake/m.zip",
              output.uri = "s3://lakehouse/out/" }
        """);
    assertEquals("job.output.uri: 's3://lakehouse/out/' is outside sluice.security.allowed-locations",
        of("s3://lake/").refusal(job).orElseThrow());
    assertTrue(of("s3://lake/", "s3://lakehouse/").refusal(job).isEmpty());
  }

  @Test
  void anS3LocationMustUseTheNodesEndpoint() {
    JobSpec job = JobParser.parse("""
        job { name = j, input { uri = "s3://lake/in/", features = [a], s3.endpoint = "http://evil.example:9000" },
              model.uri = "s3://lake/m.zip", output.uri = "s3://lake/out/" }
        """);
    assertEquals("job.input.s3.endpoint: only this node's S3 endpoint (AWS itself) may be named with "
        + "sluice.security.allowed-locations set", of("s3://lake/").refusal(job).orElseThrow());
    var node = ConfigFactory.parseString("sluice.connectors.s3.endpoint = \"http://evil.example:9000/\"")
        .withValue(AllowedLocations.PATH, ConfigValueFactory.fromIterable(List.of("s3://lake/")));
    assertTrue(AllowedLocations.of(node).refusal(job).isEmpty());
  }

  @Test
  void anEntryThatIsNoLocationIsRefusedNamingTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> of("data/"));
    assertTrue(e.getMessage().startsWith("sluice.security.allowed-locations: "), e.getMessage());
  }
}
