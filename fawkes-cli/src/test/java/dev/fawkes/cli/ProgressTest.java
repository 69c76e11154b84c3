package dev.fawkes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void plainLinesOffATerminalAndOneRedrawnBarOnIt() {
    StringWriter plain = new StringWriter();
    Progress lines = new Progress(new PrintWriter(plain), 2, false);
    lines.update(1, Path.of("a.jpg"), "cloaked", 1.5);
    lines.update(2, Path.of("b.jpg"), "failed", 0.1);
    lines.finish();
    assertThat(plain.toString()).contains("[1/2] a.jpg: cloaked (1.5 s, ETA", "[2/2] b.jpg: failed").doesNotContain("\r");
    assertThat(plain.toString().lines()).hasSize(2);

    StringWriter terminal = new StringWriter();
    Progress bar = new Progress(new PrintWriter(terminal), 4, true);
    bar.update(1, Path.of("a.jpg"), "cloaked", 1.5);
    bar.update(4, Path.of("d.jpg"), "cloaked", 1.5);
    bar.finish();
    assertThat(terminal.toString()).startsWith("\r[" + "#".repeat(8) + " ".repeat(22) + "] 1/4 ETA")
        .contains("\r[" + "#".repeat(30) + "] 4/4 ETA 0s").endsWith(System.lineSeparator());
    assertThat(terminal.toString().chars().filter(c -> c == '\n').count()).isEqualTo(1);
  }

  @Test
  void theBarMovesWithinABatchOnATerminalOnly() {
    StringWriter plain = new StringWriter();
    new Progress(new PrintWriter(plain), 8, false).within(0, 4, 0.5);
    assertThat(plain.toString()).isEmpty();

    StringWriter terminal = new StringWriter();
    Progress bar = new Progress(new PrintWriter(terminal), 8, true);
    bar.within(0, 4, 0);
    bar.within(0, 4, 0.5);
    assertThat(terminal.toString()).startsWith("\r[" + " ".repeat(30) + "] 0/8 ETA ?  cloaking 4 photos")
        .contains("\r[" + "#".repeat(8) + " ".repeat(22) + "] 0/8 ETA ", "50%").doesNotContain("\n");
  }
}
