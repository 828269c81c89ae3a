package io.sluice.engine.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job text from outside the node is data: no includes, no substitutions, bounded, and never anything but a JobException. */
class SubmittedJobTextTest {
  private static final String MINIMAL = """
      job {
        name = "churn-scoring"
        input { uri = "file:///data/in/", features = ["a", "b"], id-column = "id" }
        model { uri = "file:///models/m.zip" }
        output { uri = "file:///data/out/" }
      }
      """;

  private static JobException refused(String text) {
    return assertThrows(JobException.class, () -> JobParser.parse(text));
  }

  @Test
  void substitutionsFromTheNodesEnvironmentAreRefusedNamingTheKey() {
    JobException e = refused(MINIMAL + "job.name = ${?HOME}");
    assertEquals("job.name", e.key(), e.getMessage());
    assertTrue(e.getMessage().contains("substitutions"), e.getMessage());
    String home = System.getenv("HOME");
    if (home != null) assertFalse(e.getMessage().contains(home), e.getMessage());
    assertEquals("job.input.uri", refused(MINIMAL + "job.input.uri = ${java.home}").key());
    assertEquals("job.input.features", refused(MINIMAL + "job.input.features += \"c\"").key());
    assertEquals("job.name", refused(MINIMAL + "x = \"a\"\njob.name = ${x}").key(), "not even the text's own keys");
  }

  @Test
  void includesAreRefused() throws Exception {
    String hostname = Files.exists(Path.of("/etc/hostname")) ? Files.readString(Path.of("/etc/hostname")).trim() : null;
    for (String include : List.of("include url(\"file:///etc/hostname\")", "include file(\"/etc/hostname\")",
        "include \"/etc/hostname\"", "include required(file(\"/etc/hostname\"))", "include classpath(\"reference.conf\")",
        "job { include \"sluice-job-defaults.conf\" }")) {
      JobException e = refused(MINIMAL + include);
      assertEquals("job", e.key(), include);
      assertTrue(e.getMessage().contains("include is not allowed"), e.getMessage());
      if (hostname != null && !hostname.isEmpty()) assertFalse(e.getMessage().contains(hostname), e.getMessage());
    }
  }

  @Test
  void aSubstitutionBombIsRefusedWithoutExpandingIt() {
    StringBuilder bomb = new StringBuilder(MINIMAL).append("a0 = \"xxxxxxxxxx\"\n");
    for (int i = 1; i <= 40; i++) bomb.append("a").append(i).append(" = ${a").append(i - 1).append("}${a").append(i - 1).append("}\n");
    bomb.append("job.name = ${a40}\n");
    JobException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> refused(bomb.toString()));
    assertTrue(e.getMessage().contains("substitutions"), e.getMessage());
    assertTrue(e.getMessage().length() < 10_000, "the problems are counted, not all listed");
  }

  @Test
  void oversizedAndDeeplyNestedTextIsRefused() {
    String big = MINIMAL + "job.name = \"" + "x".repeat(SubmittedText.MAX_BYTES) + "\"";
    JobException size = refused(big);
    assertEquals("job", size.key());
    assertTrue(size.getMessage().contains("larger than 1024 KiB"), size.getMessage());
    assertTrue(size.getMessage().length() < 200);

    for (String deep : List.of("job { x = " + "{a:".repeat(100_000), "job { x = " + "[".repeat(100_000),
        "job." + "x.".repeat(200_000) + "y = 1", "job." + "\"x\".".repeat(100_000) + "y = 1",
        MINIMAL + "job.input " + "{ a ".repeat(40) + "= 1 " + "}".repeat(40))) {
      JobException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> refused(deep));
      assertEquals("job", e.key(), e.getMessage());
      assertTrue(e.getMessage().contains("nested deeper than 32 levels"), e.getMessage());
    }
    // within the limit, a deep (unknown) key is refused by name only
    assertEquals("job.input" + ".a".repeat(29), refused(MINIMAL + "job.input." + "a.".repeat(28) + "a = 1").key());
  }

  /** The parser merges each dotted key into its object, a cost that grows with the square of their number. */
  @Test
  void tooManyKeysAreRefusedBeforeParsing() {
    StringBuilder dotted = new StringBuilder(MINIMAL);
    for (int i = 0; i < 40_000; i++) dotted.append("job.k").append(i).append(" = 1\n");
    StringBuilder objects = new StringBuilder(MINIMAL);
    for (int i = 0; i < 40_000; i++) objects.append("job { k").append(i).append(" = 1 }\n");
    for (String text : List.of(dotted.toString(), objects.toString())) {
      JobException e = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> refused(text));
      assertEquals("job", e.key());
      assertTrue(e.getMessage().contains("keys"), e.getMessage());
    }
    StringBuilder unknown = new StringBuilder(MINIMAL);
    for (int i = 0; i < 400; i++) unknown.append("job.k").append(i).append(" = 1\n");
    JobException e = refused(unknown.toString());
    assertEquals(21, e.problems().size(), "20 unknown keys named, the others counted");
    assertTrue(e.problems().contains("job: 380 more unknown keys"), e.getMessage());
  }

  @Test
  void aNullValueIsRefusedNamingItsKey() {
    JobException e = refused("job { input.csv.delimiter = null }\n" + MINIMAL);
    assertTrue(e.problems().contains("job.input.csv.delimiter: must not be null (leave the key out for its default)"),
        e.getMessage());
  }

  /** Null, and values of every wrong type, at every key of a job: always a JobException, never another failure. */
  @Test
  void everyKeyTakesEveryHostileValueAsAJobProblem() {
    Config defaults = ConfigFactory.parseResources("sluice-job-defaults.conf");
    List<String> keys = new java.util.ArrayList<>(defaults.root().toConfig().entrySet().stream().map(Map.Entry::getKey).toList());
    // the objects too, and null parents
    for (String key : List.copyOf(keys)) {
      String parent = key;
      while (parent.contains(".")) {
        parent = parent.substring(0, parent.lastIndexOf('.'));
        if (!keys.contains(parent)) keys.add(parent);
      }
    }
    for (String key : List.of("job.input.s3", "job.input.ftp", "job.input.sftp", "job.output.s3", "job.model.s3")) {
      if (!keys.contains(key)) keys.add(key);
    }
    List<String> values = List.of("null", "{ a = 1 }", "[1, [2]]", "[null]", "[{a: 1}]", "\"\"", "\"zz\"", "true", "-1",
        "99999999999999999999999", "1e308", "-0.0", "\"\\u0000\"", "\"x\"", "\" \"", "\"s3://\"", "\"file:relative\"", "\"é\"");
    for (String key : keys) {
      for (String value : values) {
        String text = MINIMAL + key + " = " + value + "\n";
        try {
          JobParser.parse(text);
        } catch (JobException expected) {
          assertFalse(expected.getMessage().isBlank(), text);
        } catch (RuntimeException e) {
          throw new AssertionError(key + " = " + value + " failed with " + e, e);
        }
      }
    }
  }

  /** The CLI resolves substitutions where the job file is, and sends the resolved text, which the node then accepts. */
  @Test
  void aJobFilesSourceIsResolvedTextTheNodeAccepts(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.conf");
    Files.writeString(file, "base = \"file:///data\"\n" + MINIMAL.replace("\"file:///data/in/\"", "${base}\"/in/\"")
        + "job.model.labels = [${?SLUICE_TEST_UNSET_VARIABLE}, \"${not-a-substitution}\"]\n");
    JobSpec local = JobFiles.load(file, List.of("job.batching.max-size=7"));
    assertFalse(local.source().contains("${base}"), local.source());
    JobSpec sent = JobParser.parse(local.source());
    assertEquals("file:///data/in/", sent.input().uri().toString());
    assertEquals(List.of("${not-a-substitution}"), sent.model().labels());
    assertEquals(7, sent.batching().maxSize());
    assertEquals(local.input(), sent.input());
  }
}
