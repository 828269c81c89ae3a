package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.testing.DemoFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mode = resume} continues an earlier run only when the job is the same: a changed
 * model, model output, output format or column list is refused (exit 2) naming what changed,
 * before anything is written, so that no location ever holds part files of two kinds.
 */
class ResumeChecksIT {
  @TempDir Path dir;
  private String stderr;

  @Test
  void aResumeOfAChangedJobIsRefusedNamingWhatChanged() throws Exception {
    Path out = dir.resolve("out");
    Path job = DemoFixture.jobFile(dir, out, "job.input.split-size = 16KiB");
    assertEquals(0, run(job), stderr);
    List<Path> parts = partFiles(out);
    assertTrue(parts.size() >= 2, "several partitions: " + parts);
    // an interrupted run: its last partition never committed
    Files.delete(parts.get(parts.size() - 1));
    Files.delete(out.resolve("_SUCCESS"));
    List<Path> before = partFiles(out);

    Path otherModel = rezipped(DemoFixture.data().model(), dir.resolve("model-v2.zip"));
    assertRefused(job, "job.model.uri: cannot resume run ", "the model changed (sha256 ",
        "job.model.uri = \"" + otherModel.toUri() + "\"");
    assertRefused(job, "job.model.output: ", "the earlier run wrote probabilities, this job writes label",
        "job.model.output = label");
    assertRefused(job, "job.output.format: ", "the earlier run wrote csv, this job writes jsonl",
        "job.output.format = jsonl");
    assertRefused(job, "job.input.passthrough: ", "passed through [region], this job []",
        "job.input.passthrough = []");
    assertRefused(job, "job.model.labels: ", "p_stay", "job.model.labels = [no, yes]");
    assertEquals(before, partFiles(out), "refused resumes wrote no part file");
    assertFalse(Files.exists(out.resolve("_SUCCESS")));
    try (Stream<Path> files = Files.list(out)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".jsonl")), "no JSON Lines part beside the CSV ones");
    }

    assertEquals(0, run(job, "job.output.mode=resume"), stderr);
    assertEquals(parts, partFiles(out));
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
  }

  private void assertRefused(Path job, String start, String detail, String... sets) {
    List<String> all = new ArrayList<>(List.of("job.output.mode=resume"));
    all.addAll(List.of(sets));
    assertEquals(2, run(job, all.toArray(String[]::new)), stderr);
    assertTrue(stderr.startsWith("error: " + start) && stderr.contains(detail), stderr);
  }

  private int run(Path job, String... sets) {
    List<String> args = new ArrayList<>(List.of("run", job.toString(), "--quiet"));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    stderr = err.toString(StandardCharsets.UTF_8);
    return code;
  }

  /** The same network in a zip with one more entry: another sha256, the same predictions. */
  private static Path rezipped(Path model, Path target) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(model));
        ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        zip.putNextEntry(new ZipEntry(entry.getName()));
        copy(in, zip);
        zip.closeEntry();
      }
      zip.putNextEntry(new ZipEntry("notes.txt"));
      zip.write("retrained\n".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return target;
  }

  private static void copy(InputStream in, OutputStream out) throws IOException {
    in.transferTo(out);
  }

  private static List<Path> partFiles(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
  }
}
