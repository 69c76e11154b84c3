package dev.fawkes.bench;

import dev.fawkes.bench.eval.EvalCommand;
import dev.fawkes.bench.eval.FrontierFigure;
import dev.fawkes.bench.eval.VisibilityFigure;
import dev.fawkes.bench.perf.Perf;
import dev.fawkes.cli.Fawkes;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The measurement lab's one entry point: every measurement of this module is a subcommand. It
 * builds on the shipped command (its error handling and report writer), never the other way.
 *
 * <pre>
 * bin/fawkes-lab --help
 * </pre>
 */
@Command(name = Lab.NAME, mixinStandardHelpOptions = true,
    description = "Measurements of Fawkes on the shared LFW data: protection, recognition accuracy, speed.",
    footer = {"", "Examples:", "  fawkes-lab eval --quick", "  fawkes-lab accuracy --models faceres",
        "", "bin/fawkes-lab runs it from the source tree; bin/fawkes routes 'fawkes eval' here."},
    subcommands = {EvalCommand.class, VisibilityFigure.class, FrontierFigure.class, RecognitionAccuracy.class, Perf.class, TargetPoolBuilder.class,
        CloakFigure.class, AlignmentTemplate.class, CommandLine.HelpCommand.class})
public final class Lab implements Callable<Integer> {
  /** The name the lab shows in its usage unless {@value #NAME_PROPERTY} names another. */
  public static final String NAME = "fawkes-lab";

  /**
   * The system property that renames the lab in its usage; {@code bin/fawkes} sets it to
   * {@code fawkes} when it routes {@code fawkes eval} here, so the help reads as it always did.
   */
  public static final String NAME_PROPERTY = "fawkes.lab.name";

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  /** Runs the lab and exits with its code: 0 done, 1 failed, 2 usage error. */
  public static void main(String[] args) {
    System.exit(commandLine(System.getProperty(NAME_PROPERTY, NAME)).execute(args));
  }

  /** The lab's command line, shown under {@code name}. */
  static CommandLine commandLine(String name) {
    return new CommandLine(new Lab()).setCommandName(name).setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(Fawkes::reportFailure);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }
}
