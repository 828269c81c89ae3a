package io.sluice.engine.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A secret key of a store block may be given by name, but not both ways at once. */
class SecretNamesTest {
  private static final String JOB = """
      job { name = j, input { uri = "%s", features = [a] %s }, model.uri = "file:///m.zip", output.uri = "file:///out/" }
      """;

  @Test
  void aNameIsKeptAsWritten() {
    JobSpec job = JobParser.parse(JOB.formatted("sftp://h/in/", ", sftp { user = u, private-key-secret = deploy-key }"));
    assertEquals("deploy-key", job.input().store().getString("private-key-secret"));
    assertFalse(job.input().store().hasPath("private-key"));
  }

  @Test
  void bothTheValueAndTheNameAreRefusedNamingTheKey() {
    JobException e = assertThrows(JobException.class, () -> JobParser.parse(
        JOB.formatted("ftp://h/in/", ", ftp { user = acme, password = \"hush-123\", password-secret = partner-ftp }")));
    assertEquals("job.input.ftp.password", e.key());
    assertFalse(e.getMessage().contains("hush-123"), e.getMessage());
  }
}
