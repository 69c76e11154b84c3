package dev.fawkes.bench.eval;

import dev.fawkes.tf.testing.SharedDataFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fawkes eval}: the protection evaluation on LFW (docs/evaluation.md), the lab's
 * {@code eval} command; {@code bin/fawkes eval} runs it under its old name.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Measures how well cloaks protect: cloaks the training photos of protected LFW people, "
        + "lets trackers (every recogniser x nearest centroid, kNN, logistic regression) learn from them, "
        + "and counts how many of the people's clean test photos they fail to recognise.",
        "Writes eval.json, eval.md, protection-vs-dssim.png (and strip.png) into --out, and the tables to stdout."},
    footer = {"", "Examples:", "  fawkes eval --quick", "  fawkes eval --cloak MID --cloak 'MID:jitter=0.06,smooth=1'",
        "  fawkes eval --set calibration --people 3 --cloak 'LOW:upscale=3'",
        "  fawkes eval --people Colin_Powell,Serena_Williams --cloak HIGH"})
public final class EvalCommand implements Callable<Integer> {
  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Option(names = "--data",
      description = "LFW folder with users/ (and targets/) of <Person>/*.jpg, or one such folder (default: lfw of the "
          + "shared data, ${DEFAULT-VALUE}).")
  private Path data = SharedDataFolder.locate().resolve("lfw");

  @Option(names = "--quick", description = "The reduced run CI uses: 3 people, HIGH with 30 steps, 3 trackers, the 62 users as the only classes.")
  private boolean quick;

  @Option(names = "--people", paramLabel = "N|NAME,...", description = "How many protected people to draw from --set "
      + "(default: 10; 3 with --quick), or their names, comma-separated (LFW folder names under users/).")
  private String people;

  @Option(names = "--set", paramLabel = "calibration|report", converter = SetConverter.class,
      description = "The people the protected people are drawn from: the calibration set the cloak may be tuned on, "
          + "or the disjoint report set the headline tables come from (default: report; calibration with --quick).")
  private PersonSet set;

  @Option(names = "--aware-photos", paramLabel = "N", description = "Public photos the cloak-aware tracker cloaks to "
      + "learn its map, 0 for none (default: 64; 16 with --quick).")
  private Integer awarePhotos;

  @Option(names = "--cache", paramLabel = "DIR", defaultValue = "target/fawkes-eval-cache",
      description = "Where the cloak-aware tracker's cloaked public photos are kept between runs (default: ${DEFAULT-VALUE}).")
  private Path cache;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of people, targets, cloaks and heads (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--cloak", paramLabel = "SPEC",
      description = "A way of cloaking to measure, PRESET[:key=value,...] (keys: extractors, strategy, budget, steps, "
          + "lr, jitter, smooth, blur, norm, luma, chroma, mask, start, worst, cell, joint, upscale, people, label; see "
          + "docs/evaluation.md); "
          + "repeatable (default: LOW, MID, HIGH).")
  private List<String> cloaks;

  @Option(names = "--trackers", split = ",", description = "Trackers to measure (default: every bundled recogniser and "
      + "the evaluation-only ones, fr_feature, intel-reid and foamliu-mfn).")
  private List<String> trackers;

  @Option(names = "--leave-one-out", negatable = true, description = "Also cloak with each ensemble member held out and "
      + "track with it, so that every recogniser is measured black-box (default: off).")
  private Boolean leaveOneOut;

  @Option(names = "--strip", negatable = true, description = "Draw strip.png from the fixture photos beside the data "
      + "(default: on, off with --quick).")
  private Boolean strip;

  @Option(names = "--out", defaultValue = "target/fawkes-eval", description = "Output folder (default: ${DEFAULT-VALUE}).")
  private Path out;

  EvalCommand() {}

  /** Parses --set. */
  static final class SetConverter implements CommandLine.ITypeConverter<PersonSet> {
    @Override
    public PersonSet convert(String value) {
      return PersonSet.parse(value);
    }
  }

  @Override
  public Integer call() throws IOException {
    if (!Files.isDirectory(data)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--data " + data + " is not a folder; "
          + "point it at LFW (users/ and targets/ of <Person>/*.jpg)");
    }
    EvalOptions options = quick ? EvalOptions.quick(data) : EvalOptions.full(data);
    try {
      EvalOptions.Builder builder = options.toBuilder().seed(seed);
      if (people != null) {
        if (people.trim().matches("\\d+")) {
          builder.people(Integer.parseInt(people.trim()));
        } else {
          builder.names(List.of(people.split(",")).stream().map(String::trim).filter(n -> !n.isEmpty()).toList());
        }
      }
      if (set != null) {
        builder.set(set);
      }
      if (awarePhotos != null) {
        builder.awarePhotos(awarePhotos);
      }
      if (cloaks != null) {
        builder.cloaks(cloaks.stream().map(CloakSpec::parse).toList());
      }
      if (trackers != null) {
        builder.trackers(trackers);
      }
      if (leaveOneOut != null) {
        builder.leaveOneOut(leaveOneOut);
      }
      options = builder.build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    EvalReport report;
    try {
      report = ProtectionEvaluation.run(options, cache, System.err, partial -> {
        try {
          EvalOutput.write(partial, out);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the report so far into " + out, e);
        }
      });
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    List<Path> written = new java.util.ArrayList<>(EvalOutput.write(report, out));
    Path fixtures = data.toAbsolutePath().getParent().resolve("fixtures");
    if ((strip != null ? strip : !quick) && Files.isDirectory(fixtures)) {
      List<Path> photos;
      try (Stream<Path> files = Files.list(fixtures)) {
        photos = files.filter(p -> p.toString().matches(".*\\.(png|jpg)$")).sorted().toList();
      }
      Path file = out.resolve("strip.png");
      ImageIO.write(CloakStrip.draw(photos, options.cloaks(), seed), "png", file.toFile());
      written.add(file);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.print(report.markdown());
    stdout.printf("%nWritten: %s (%.0f s)%n", written, report.seconds());
    stdout.flush();
    return 0;
  }
}
