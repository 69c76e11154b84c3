package dev.fawkes.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code fawkes} in the test's JVM: the reference the pipeline's outputs are compared with. */
public final class InProcessCli {
  private InProcessCli() {}

  /** Runs the command; returns its exit code, and its stderr in {@code err}. */
  public static int run(StringWriter err, String... args) {
    var cli = Fawkes.commandLine();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
