package io.sluice.engine.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** The checks of jdbc: locations that need no database (contract §10). */
class JdbcJobsTest {
  private static JobSpec parse(String input, String output) {
    return JobParser.parse(ConfigFactory.parseString("""
        job {
          name = j
          input { %s, features = [a] }
          model { uri = "file:///m.zip" }
          output { %s }
        }
        """.formatted(input, output)));
  }

  @Test
  void aTableInAndATableOutInTheSameDatabaseParse() {
    JobSpec job = parse("uri = \"jdbc:postgresql://db:5432/shop\", jdbc { table = customers, partition-column = id, password = x }",
        "uri = \"jdbc:postgresql://db:5432/shop\", mode = append, jdbc { table = scores }");
    assertEquals("customers", job.input().store().getString("table"));
    assertEquals(WriteMode.APPEND, job.output().mode());
  }

  @Test
  void problemsNameTheirKeysAndNeverThePassword() {
    JobException e = assertThrows(JobException.class, () -> parse(
        "uri = \"jdbc:postgresql://db/shop?password=hunter2\", jdbc { table = \"x; drop table y\", query = \"select 1\" }",
        "uri = \"jdbc:mysql://db/shop\", jdbc { }"));
    String all = String.join("\n", e.problems());
    assertTrue(all.contains("job.input.uri: credentials in the JDBC URL are refused"), all);
    assertTrue(all.contains("job.output.uri: only PostgreSQL is supported"), all);
    assertFalse(all.contains("hunter2"), all);
    JobException block = assertThrows(JobException.class, () -> parse(
        "uri = \"jdbc:postgresql://db/shop\", jdbc { table = \"x; drop table y\", query = \"select 1\", partitions = 0 }",
        "uri = \"jdbc:postgresql://db/shop\", jdbc { }"));
    String problems = String.join("\n", block.problems());
    assertTrue(problems.contains("job.input.jdbc.table: give one of table and query"), problems);
    assertTrue(problems.contains("job.input.jdbc.partition-column: required"), problems);
    assertTrue(problems.contains("job.input.jdbc.partitions: must be at least 1"), problems);
    assertTrue(problems.contains("job.output.jdbc.table: required"), problems);
  }
}
