package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  private final CliCapture cli = new CliCapture();

  private int sluice(String... args) {
    return cli.run(args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"demo", "run", "validate", "bench", "node", "submit", "status", "runs", "cancel", "jobs",
      "register", "trigger", "unregister", "help"})
  void everyCommandExplainsItselfOnStdout(String command) {
    for (String help : List.of("--help", "-h")) {
      assertEquals(0, sluice(command, help), cli.stderr());
      assertTrue(cli.stdout().startsWith("Usage: sluice " + command), cli.stdout());
      assertTrue(cli.stdout().contains("-h, --help"), "the options are listed: " + cli.stdout());
      assertTrue(Pattern.compile("(?m)^Examples:\\n  sluice " + command).matcher(cli.stdout()).find(), "examples: " + cli.stdout());
      assertEquals("", cli.stderr());
    }
    assertEquals(0, sluice("help", command), cli.stderr());
    assertTrue(cli.stdout().startsWith("Usage: sluice " + command), cli.stdout());
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
        + "see 'sluice " + command + " --help'\n", cli.stderr());
    assertEquals("", cli.stdout());
  }

  @Test
  void theExampleFromTheIssueReadsAsPromised() {
    assertEquals(2, sluice("run", "job.conf", "--quite"));
    assertTrue(cli.stderr().startsWith("error: unknown option '--quite' (did you mean --quiet?)\n"), cli.stderr());
    assertTrue(cli.stderr().contains("see 'sluice run --help'"), cli.stderr());
    assertEquals(2, sluice("run", "--quite", "job.conf"), "before the job file too");
    assertTrue(cli.stderr().contains("did you mean --quiet?"), cli.stderr());
    assertEquals(2, sluice("run", "job.conf", "-quiet"));
    assertTrue(cli.stderr().contains("unknown option '-quiet' (did you mean --quiet?)"), cli.stderr());
  }

  @Test
  void anUnknownCommandExitsTwoWithASuggestion() {
    assertEquals(2, sluice("sumbit", "job.conf"));
    assertEquals("error: unknown command 'sumbit' (did you mean submit?)\nsee 'sluice --help'\n", cli.stderr());
    assertEquals(2, sluice("frobnicate"));
    assertEquals("error: unknown command 'frobnicate'\nsee 'sluice --help'\n", cli.stderr());
    assertEquals(2, sluice("help", "unregistr"));
    assertTrue(cli.stderr().startsWith("error: unknown command 'unregistr' (did you mean unregister?)"), cli.stderr());
    assertTrue(cli.stderr().contains("see 'sluice --help'"), cli.stderr());
  }

  @Test
  void theCommandListOnHelpAndOnNothing() {
    for (List<String> args : List.of(List.of("--help"), List.of("-h"), List.of("help"))) {
      assertEquals(0, sluice(args.toArray(String[]::new)), cli.stderr());
      assertTrue(cli.stdout().startsWith("Usage: sluice COMMAND"), cli.stdout());
      for (String command : COMMANDS) {
        assertTrue(Pattern.compile("(?m)^  " + command + " +\\S").matcher(cli.stdout()).find(), command + " listed in " + cli.stdout());
      }
    }
    assertEquals(2, sluice(), "no command is a usage error");
    assertTrue(cli.stderr().startsWith("Usage: sluice COMMAND"), cli.stderr());
    assertEquals("", cli.stdout());
  }

  @Test
  void versionIsTheProjectVersion() {
    String expected = System.getProperty("sluice.expected-version");
    assertTrue(expected != null && !expected.isBlank(), "the build passes the project version");
    assertEquals(0, sluice("--version"), cli.stderr());
    assertEquals("sluice " + expected + "\n", cli.stdout());
    assertEquals(0, sluice("-V"));
    assertEquals("sluice " + expected + "\n", cli.stdout());
  }

  @Test
  void usageErrorsAreOneMessageAndAHint() {
    assertEquals(2, sluice("run"));
    assertEquals("error: missing required parameter: 'JOB.conf'\nsee 'sluice run --help'\n", cli.stderr());
    assertEquals(2, sluice("cancel", "a", "b"));
    assertEquals("error: unexpected argument 'b'\nsee 'sluice cancel --help'\n", cli.stderr());
    assertEquals(2, sluice("run", "job.conf", "--set"));
    assertTrue(cli.stderr().startsWith("error: ") && cli.stderr().contains("--set") && cli.stderr().lines().count() == 2, cli.stderr());
    assertEquals(2, sluice("bench", "--rows", "lots"));
    assertTrue(cli.stderr().contains("--rows") && cli.stderr().contains("must be a positive number, not 'lots'"), cli.stderr());
    assertEquals(2, sluice("bench", "--workload", "medium"));
    assertTrue(cli.stderr().contains("must be wide, narrow, all, partitions, small-files or coordinator, not 'medium'"), cli.stderr());
    assertFalse(cli.stderr().contains("\tat "), "no stack trace");
  }

  @Test
  void aCommandRefusesAnotherCommandsOption() {
    assertEquals(2, sluice("run", "job.conf", "--api", "http://127.0.0.1:7077"));
    assertEquals("error: 'run' does not take --api\nsee 'sluice run --help'\n", cli.stderr());
    assertEquals(2, sluice("runs", "--wait"));
    assertTrue(cli.stderr().startsWith("error: 'runs' does not take --wait"), cli.stderr());
    assertEquals(2, sluice("node", "--quiet"));
    assertTrue(cli.stderr().startsWith("error: 'node' does not take --quiet"), cli.stderr());
  }
}
