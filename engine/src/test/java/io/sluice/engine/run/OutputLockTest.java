package io.sluice.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.plan.OutputLocation;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output locations compared however they are written, and the OS lock on a file: output folder. */
class OutputLockTest {
  @TempDir Path dir;

  @Test
  void oneLocationWrittenInSeveralWaysHasOneKey() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    String key = OutputLocation.key(out.toUri());
    assertEquals(key, OutputLocation.key(URI.create("file:" + out)));
    assertEquals(key, OutputLocation.key(URI.create("file://" + out + "/")));
    assertEquals(key, OutputLocation.key(URI.create("file://" + dir + "/./out//")));
    Path link = Files.createSymbolicLink(dir.resolve("link"), out);
    assertEquals(key, OutputLocation.key(link.toUri()));
    assertEquals(OutputLocation.key(URI.create("file://" + dir + "/missing/x/")),
        OutputLocation.key(URI.create("file:" + link.getParent().resolve("missing/x"))));
    assertNotEquals(key, OutputLocation.key(out.resolve("inner").toUri()), "a folder inside is another location");

    assertEquals(OutputLocation.key(URI.create("s3://lake/scores/")), OutputLocation.key(URI.create("S3://Lake//scores")));
    assertEquals(OutputLocation.key(URI.create("sftp://ana@host/out/")), OutputLocation.key(URI.create("sftp://host/out")));
    assertNotEquals(OutputLocation.key(URI.create("s3://lake/scores/")), OutputLocation.key(URI.create("s3://lake/scores-2/")));
  }

  @Test
  void aHeldFolderIsRefusedNamingTheHolderUntilReleased() throws Exception {
    Path out = dir.resolve("out");
    OutputLock first = new OutputLock(out.toUri(), "run-a");
    first.acquire(false);
    assertFalse(Files.exists(out), "a missing folder is locked only once the job is checked");
    first.acquire(true);
    assertTrue(Files.readString(out.resolve(OutputLock.FILE)).contains("runId=run-a"));

    OutputLock second = new OutputLock(URI.create("file:" + out), "run-b");
    OutputLock.Held held = assertThrows(OutputLock.Held.class, () -> second.acquire(false));
    assertEquals("run-a", held.heldBy());
    assertTrue(held.getMessage().startsWith("job.output.uri: ") && held.getMessage().contains("in use by run run-a"),
        held.getMessage());

    first.release();
    second.acquire(false);
    assertTrue(Files.readString(out.resolve(OutputLock.FILE)).contains("runId=run-b"));
    second.release();
    assertTrue(Files.exists(out.resolve(OutputLock.FILE)), "the lock file stays");
    first.acquire(true);
    assertTrue(Files.readString(out.resolve(OutputLock.FILE)).contains("runId=run-b"), "a released lock is not taken again");

    OutputLock remote = new OutputLock(URI.create("s3://lake/scores/"), "run-c");
    remote.acquire(true);
    remote.release();
  }
}
