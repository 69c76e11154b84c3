package dev.fawkes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The lab's entry point: every measurement is a subcommand with help, and bad options stop before any work. */
class LabTest {
  private static final String[] COMMANDS =
      {"eval", "accuracy", "perf", "target-pool", "cloak-figure", "alignment-template"};

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine lab = Lab.commandLine(Lab.NAME);
    lab.setOut(new PrintWriter(out));
    lab.setErr(new PrintWriter(err));
    return lab.execute(args);
  }

  @Test
  void listsEveryMeasurementAndEachHasHelpWithAnExample() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: fawkes-lab").contains(COMMANDS);
    for (String command : COMMANDS) {
      out.getBuffer().setLength(0);
      assertThat(run(command, "--help")).as(command).isZero();
      assertThat(out.toString()).as(command).contains("Usage: fawkes-lab " + command).containsPattern("Examples?:");
    }
  }

  @Test
  void evalRefusesBadOptionsBeforeAnyWork() {
    assertThat(run("eval", "--data", "no/such/folder")).isEqualTo(2);
    assertThat(err.toString()).contains("--data no/such/folder is not a folder");
    assertThat(run("eval", "--data", ".", "--cloak", "EXTREME")).isEqualTo(2);
    assertThat(err.toString()).contains("preset must be LOW, MID or HIGH");
    assertThat(run("eval", "--data", ".", "--trackers", "arcface")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown tracker 'arcface'");
    assertThat(run("eval", "--help")).isZero();
    assertThat(out.toString()).contains("--quick", "--[no-]leave-one-out", "--cloak=SPEC");
  }

  @Test
  void optionsOfTheFormerMainsStillParse() {
    assertThat(run("accuracy", "--models", "no-such-model", "--crop", "40,35,170;x")).isEqualTo(2);
    assertThat(err.toString()).contains("--crop");
    assertThat(run("cloak-figure", "in.png", "out.png", "extreme")).isEqualTo(2);
    assertThat(err.toString()).contains("PRESET");
    assertThat(run("perf", "--fast")).isEqualTo(2);
    assertThat(err.toString()).contains("--fast");
  }
}
