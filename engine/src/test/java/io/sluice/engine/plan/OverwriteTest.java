package io.sluice.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.connectors.storage.TemporaryNames;
import io.sluice.connectors.storage.local.LocalStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `mode = overwrite` deletes Sluice's own files at the location and nothing else, never through a link. */
class OverwriteTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @TempDir Path dir;

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void anErrorsLinkToAnotherFolderKeepsThatFoldersFiles() throws Exception {
    Path precious = Files.createDirectories(dir.resolve("precious"));
    Files.writeString(precious.resolve("part-00000.jsonl"), "keep me");
    Files.writeString(precious.resolve("notes.txt"), "keep me too");
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve("part-00000.csv"), "old");
    Files.writeString(out.resolve("_manifest.json"), "{}");
    Files.writeString(out.resolve("readme.txt"), "the user's own");
    Files.writeString(out.resolve("part-notes.csv"), "not a part file name");
    Files.createSymbolicLink(out.resolve("_errors"), precious);

    OutputLocation.clear(LocalStorage.create(KIT.system()), out.toUri()).toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertFalse(Files.exists(out.resolve("part-00000.csv")));
    assertFalse(Files.exists(out.resolve("_manifest.json")));
    assertEquals("keep me", Files.readString(precious.resolve("part-00000.jsonl")), "nothing deleted through the link");
    assertTrue(Files.exists(precious.resolve("notes.txt")));
    assertTrue(Files.exists(out.resolve("readme.txt")));
    assertTrue(Files.exists(out.resolve("part-notes.csv")));
  }

  @Test
  void leftoversAreDeletedButNotThroughAnErrorsLink() throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Path theirs = Files.writeString(elsewhere.resolve(TemporaryNames.forTarget("part-00000.jsonl")), "keep me");
    Path out = Files.createDirectories(dir.resolve("out3"));
    Path ours = Files.writeString(out.resolve(TemporaryNames.forTarget("part-00004.csv")), "half");
    Files.createSymbolicLink(out.resolve("_errors"), elsewhere);

    OutputLocation.clearLeftovers(LocalStorage.create(KIT.system()), out.toUri()).toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertFalse(Files.exists(ours));
    assertEquals("keep me", Files.readString(theirs), "nothing deleted through the link");
  }

  @Test
  void errorsFilesInARealFolderAreDeleted() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out2/_errors"));
    Files.writeString(out.resolve("part-00003.jsonl"), "old");
    OutputLocation.clear(LocalStorage.create(KIT.system()), dir.resolve("out2").toUri()).toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    assertFalse(Files.exists(out.resolve("part-00003.jsonl")));
  }
}
