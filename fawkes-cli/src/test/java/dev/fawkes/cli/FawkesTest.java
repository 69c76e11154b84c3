package dev.fawkes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FawkesTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Fawkes.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void modelsListsAndVerifiesEveryBundledRecogniser() {
    assertThat(run("models")).isZero();
    assertThat(out.toString()).contains("faceres ", "faceres-deep", "mobileface", "BGR", "RGB", "verified");
  }

  @Test
  void everyCommandHasHelpWithAnExampleAndTheVersionIsShown() {
    for (String command : new String[] {"cloak", "compare", "models", "serve"}) {
      out.getBuffer().setLength(0);
      assertThat(run(command, "--help")).as(command).isZero();
      assertThat(out.toString()).as(command).contains("Usage: fawkes " + command).containsPattern("Examples?:");
    }
    out.getBuffer().setLength(0);
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).containsPattern("fawkes \\d+\\.\\d+");
  }

  @Test
  void helpPointsToTheLabsEvaluation() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("fawkes eval", "bin/fawkes eval --help");
  }

  @Test
  void serveRefusesANetworkAddressWithoutAToken() {
    assertThat(run("serve", "--bind", "0.0.0.0", "--token", "")).isEqualTo(2);
    assertThat(err.toString()).contains("needs a token", "--token", "FAWKES_TOKEN");
  }

  @Test
  void unknownCommandIsAUsageError() {
    assertThat(run("cloack")).isEqualTo(2);
    assertThat(err.toString()).contains("cloack");
  }
}
