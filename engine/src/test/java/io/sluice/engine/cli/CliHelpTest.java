package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Help, version and mistyped names: what a person meets before any job runs. */
class CliHelpTest {
  private static final List<String> COMMANDS = List.of("demo", "run", "validate", "bench", "node", "submit", "status",
      "runs", "cancel", "jobs", "register", "trigger", "unregister", "help");
  private String stdout;
  private String stderr;

  private int sluice(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    stdout = out.toString(StandardCharsets.UTF_8);
    stderr = err.toString(StandardCharsets.UTF_8);
    return code;
  }

  @ParameterizedTest
  @ValueSource(strings = {"demo", "run", "validate", "bench", "node", "submit", "status", "runs", "cancel", "jobs",
      "register", "trigger", "unregister", "help"})
  void everyCommandExplainsItselfOnStdout(String command) {
    for (String help : List.of("--help", "-h")) {
      assertEquals(0, sluice(command, help), stderr);
      assertTrue(stdout.startsWith("Usage: sluice " + command), stdout);
      assertTrue(stdout.contains("-h, --help"), "the options are listed: " + stdout);
      assertTrue(Pattern.compile("(?m)^Examples:\\n  sluice " + command).matcher(stdout).find(), "examples: " + stdout);
      assertEquals("", stderr);
    }
    assertEquals(0, sluice("help", command), stderr);
    assertTrue(stdout.startsWith("Usage: sluice " + command), stdout);
  }

  @ParameterizedTest
  @CsvSource({
      "demo, --quite, --quiet",
      "run, --quite, --quiet",
      "validate, --sett, --set",
      "bench, --rowz, --rows",
      "node, --confg, --config",
      "submit, --wiat, --wait",
      "status, --tokne, --token",
      "runs, --apii, --api",
      "cancel, --tokn, --token",
      "jobs, --hlep, --help",
      "register, --sett, --set",
      "trigger, --wiat, --wait",
      "unregister, --ap, --api",
      "help, --hepl, --help"})
  void aMistypedOptionExitsTwoWithASuggestion(String command, String typo, String meant) {
    assertEquals(2, sluice(command, typo, "x"));
    assertEquals("error: unknown option '" + typo + "' (did you mean " + meant + "?)\n"
        + "see 'sluice " + command + " --help'\n", stderr);
    assertEquals("", stdout);
  }

  @Test
  void theExampleFromTheIssueReadsAsPromised() {
    assertEquals(2, sluice("run", "job.conf", "--quite"));
    assertTrue(stderr.startsWith("error: unknown option '--quite' (did you mean --quiet?)\n"), stderr);
    assertTrue(stderr.contains("see 'sluice run --help'"), stderr);
    assertEquals(2, sluice("run", "--quite", "job.conf"), "before the job file too");
    assertTrue(stderr.contains("did you mean --quiet?"), stderr);
    assertEquals(2, sluice("run", "job.conf", "-quiet"));
    assertTrue(stderr.contains("unknown option '-quiet' (did you mean --quiet?)"), stderr);
  }

  @Test
  void anUnknownCommandExitsTwoWithASuggestion() {
    assertEquals(2, sluice("sumbit", "job.conf"));
    assertEquals("error: unknown command 'sumbit' (did you mean submit?)\nsee 'sluice --help'\n", stderr);
    assertEquals(2, sluice("frobnicate"));
    assertEquals("error: unknown command 'frobnicate'\nsee 'sluice --help'\n", stderr);
    assertEquals(2, sluice("help", "unregistr"));
    assertTrue(stderr.startsWith("error: unknown command 'unregistr' (did you mean unregister?)"), stderr);
    assertTrue(stderr.contains("see 'sluice --help'"), stderr);
  }

  @Test
  void theCommandListOnHelpAndOnNothing() {
    for (List<String> args : List.of(List.of("--help"), List.of("-h"), List.of("help"))) {
      assertEquals(0, sluice(args.toArray(String[]::new)), stderr);
      assertTrue(stdout.startsWith("Usage: sluice COMMAND"), stdout);
      for (String command : COMMANDS) {
        assertTrue(Pattern.compile("(?m)^  " + command + " +\\S").matcher(stdout).find(), command + " listed in " + stdout);
      }
    }
    assertEquals(2, sluice(), "no command is a usage error");
    assertTrue(stderr.startsWith("Usage: sluice COMMAND"), stderr);
    assertEquals("", stdout);
  }

  @Test
  void versionIsTheProjectVersion() {
    String expected = System.getProperty("sluice.expected-version");
    assertTrue(expected != null && !expected.isBlank(), "the build passes the project version");
    assertEquals(0, sluice("--version"), stderr);
    assertEquals("sluice " + expected + "\n", stdout);
    assertEquals(0, sluice("-V"));
    assertEquals("sluice " + expected + "\n", stdout);
  }

  @Test
  void usageErrorsAreOneMessageAndAHint() {
    assertEquals(2, sluice("run"));
    assertEquals("error: missing required parameter: 'JOB.conf'\nsee 'sluice run --help'\n", stderr);
    assertEquals(2, sluice("cancel", "a", "b"));
    assertEquals("error: unexpected argument 'b'\nsee 'sluice cancel --help'\n", stderr);
    assertEquals(2, sluice("run", "job.conf", "--set"));
    assertTrue(stderr.startsWith("error: ") && stderr.contains("--set") && stderr.lines().count() == 2, stderr);
    assertEquals(2, sluice("bench", "--rows", "lots"));
    assertTrue(stderr.contains("--rows") && stderr.contains("must be a positive number, not 'lots'"), stderr);
    assertEquals(2, sluice("bench", "--workload", "medium"));
    assertTrue(stderr.contains("must be wide, narrow or all, not 'medium'"), stderr);
    assertFalse(stderr.contains("\tat "), "no stack trace");
  }

  @Test
  void aCommandRefusesAnotherCommandsOption() {
    assertEquals(2, sluice("run", "job.conf", "--api", "http://127.0.0.1:7077"));
    assertEquals("error: 'run' does not take --api\nsee 'sluice run --help'\n", stderr);
    assertEquals(2, sluice("runs", "--wait"));
    assertTrue(stderr.startsWith("error: 'runs' does not take --wait"), stderr);
    assertEquals(2, sluice("node", "--quiet"));
    assertTrue(stderr.startsWith("error: 'node' does not take --quiet"), stderr);
  }
}
