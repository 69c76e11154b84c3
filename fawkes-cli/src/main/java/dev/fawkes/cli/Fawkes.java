package dev.fawkes.cli;

import dev.fawkes.FawkesException;
import dev.fawkes.tf.model.ExtractorSpec;
import dev.fawkes.tf.model.FaceModel;
import dev.fawkes.tf.model.ModelZoo;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fawkes} command. */
@Command(name = "fawkes", mixinStandardHelpOptions = true, versionProvider = Fawkes.Version.class,
    description = "Protects photos from unauthorized face recognition (Fawkes).",
    // eval is the measurement lab's (fawkes-bench), which builds on this command, not under it.
    footer = {"", "The protection evaluation, fawkes eval (docs/evaluation.md), is part of the measurement lab;",
        "bin/fawkes runs it from the source tree: bin/fawkes eval --help"},
    subcommands = {CloakCommand.class, CompareCommand.class, ServeCommand.class, Fawkes.Models.class, CommandLine.HelpCommand.class})
public final class Fawkes implements Callable<Integer> {
  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code: 0 done, 1 failed, 2 usage error. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Fawkes())
        .setCaseInsensitiveEnumValuesAllowed(true) // users type --mode high, the enums say HIGH
        .setExecutionExceptionHandler(Fawkes::reportFailure);
  }

  /**
   * The execution exception handler of {@code fawkes} and of the lab's commands: a
   * {@link FawkesException} or an {@link IOException} is the user's problem (a bad photo, a missing
   * file) and becomes one {@code fawkes: message} line and exit code 1; anything else is a bug and
   * propagates with its stack trace.
   *
   * @return the exit code, 1
   * @throws Exception {@code e} itself when it is neither
   */
  public static int reportFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
    if (!(e instanceof FawkesException) && !(e instanceof IOException)) {
      throw e;
    }
    cmd.getErr().println("fawkes: " + e.getMessage());
    return 1;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** {@code fawkes models}: lists the bundled recognisers, loading each to verify it. */
  @Command(name = "models", mixinStandardHelpOptions = true,
      description = "Lists the bundled face-recognition models; each is loaded, so its files' "
          + "SHA-256 hashes and graph are verified.",
      footer = {"", "Example:", "  fawkes models"})
  static final class Models implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%-14s %-12s %-6s %-28s %s%n", "name", "family", "input", "pixels", "status");
      for (ExtractorSpec model : ModelZoo.recognizers()) {
        FaceModel loaded = ModelZoo.load(model.name());
        out.printf("%-14s %-12s %-6s %-28s %s%n", model.name(), model.family(),
            model.inputSize() + "px", model.scaling().order() + " (x-" + model.scaling().mean() + ")/"
                + model.scaling().std(), "verified (" + loaded + ")");
      }
      out.flush();
      return 0;
    }
  }

  /** Reads the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = Fawkes.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      return new String[] {"fawkes " + properties.getProperty("version", "(unknown version)"),
          "Java " + Runtime.version() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
  }
}
