package dev.fawkes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The lab's entry point: every measurement is a subcommand with help, and bad options stop before any work. */
class LabTest {
  private static final String[] COMMANDS =
      {"eval", "visibility-figure", "frontier-plot", "accuracy", "perf", "target-pool", "cloak-figure", "alignment-template"};

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
  void theFrontierPlotDrawsATableOfRunsAndNamesABadRow(@TempDir Path dir) throws IOException {
    Path table = dir.resolve("points.tsv");
    Files.writeString(table, "# label, dE p95, protection, kind\nJPEG q70\t2.4\t\treference\nLOW\t1.9\t0.0\tpreset\n"
        + "HIGH\t6.7\t0.12\tpreset\nc10\t3.6\t0.0\tconfig\n");
    Path png = dir.resolve("frontier.png");
    assertThat(run("frontier-plot", table.toString(), png.toString())).isZero();
    assertThat(out.toString()).contains("3 configurations and 1 references");
    assertThat(ImageIO.read(png.toFile()).getWidth()).isPositive();
    Files.writeString(table, "LOW\t1.9\t1.5\tpreset\n");
    assertThat(run("frontier-plot", table.toString(), png.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("line 1: protection must be in [0, 1]");
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
