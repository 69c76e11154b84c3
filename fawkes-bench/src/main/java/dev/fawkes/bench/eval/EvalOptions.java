package dev.fawkes.bench.eval;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fawkes.bench.Trackers;
import dev.fawkes.tf.model.ExtractorSpec;
import dev.fawkes.tf.model.ModelZoo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the protection evaluation runs. Immutable; {@link #full} and {@link #quick} are the two
 * documented runs, the {@code with} methods change one thing.
 *
 * @param data the LFW folder: {@code users/} (and optionally {@code targets/}) of
 *     {@code <Person>/*.jpg}; or one such person folder tree by itself
 * @param people how many protected people (each with at least {@link #MIN_PHOTOS} photos)
 * @param seed chooses the people, the targets, the cloak's randomness and the heads' training
 * @param cloaks the ways of cloaking to measure
 * @param trackers the recognisers a tracker may use (bundled names and {@code fr_feature})
 * @param leaveOneOut also cloak with each ensemble member held out and track with it
 * @param logisticEpochs training passes of the logistic-regression head
 * @param extraClasses whether trackers also learn the people of {@code targets/} as extra classes
 * @param quick whether this is the reduced run (recorded in the report)
 */
public record EvalOptions(Path data, int people, long seed, List<CloakSpec> cloaks, List<String> trackers,
    boolean leaveOneOut, int logisticEpochs, boolean extraClasses, boolean quick) {
  /** A protected person needs this many photos (the paper's protocol). */
  public static final int MIN_PHOTOS = 20;
  /** The share of each person's photos (first by name) that are training photos. */
  public static final double TRAINING_FRACTION = 0.6;

  /** Validates and freezes. */
  public EvalOptions {
    checkArgument(people >= 1, "people (%s) must be at least 1", people);
    checkArgument(!cloaks.isEmpty(), "at least one cloak spec is needed");
    checkArgument(!trackers.isEmpty(), "at least one tracker is needed");
    checkArgument(logisticEpochs >= 1, "logisticEpochs (%s) must be at least 1", logisticEpochs);
    cloaks = List.copyOf(cloaks);
    trackers = List.copyOf(trackers);
    for (String tracker : trackers) {
      checkArgument(allTrackers().contains(tracker), "unknown tracker '%s'; known: %s", tracker, allTrackers());
    }
  }

  /** Every recogniser: the bundled ones and fr_feature. */
  public static List<String> allTrackers() {
    List<String> names = new ArrayList<>(ModelZoo.recognizers().stream().map(ExtractorSpec::name).toList());
    names.add(Trackers.FR_FEATURE.name());
    return names;
  }

  /**
   * The full evaluation: 10 people, the three presets, every tracker. Leave-one-out is a separate
   * run ({@link #withLeaveOneOut}): with it the three presets take over 45 minutes on 2 cores.
   */
  public static EvalOptions full(Path data) {
    return new EvalOptions(data, 10, 1, List.of(CloakSpec.parse("LOW"), CloakSpec.parse("MID"), CloakSpec.parse("HIGH")),
        allTrackers(), false, 20, true, false);
  }

  /**
   * The quick run for CI, under 5 minutes on 2 cores: 3 people, HIGH with 30 steps (the one preset
   * that keeps black-box protection, so the one a weaker cloak shows on), three trackers (mobileface
   * white-box, faceres black-box, fr_feature of the ensemble's mobilefacenet family), and only the
   * 62 users as classes.
   */
  public static EvalOptions quick(Path data) {
    return new EvalOptions(data, 3, 1, List.of(CloakSpec.parse("HIGH:steps=30,label=HIGH-quick")),
        List.of("mobileface", "faceres", Trackers.FR_FEATURE.name()), false, 10, false, true);
  }

  public EvalOptions withPeople(int value) {
    return new EvalOptions(data, value, seed, cloaks, trackers, leaveOneOut, logisticEpochs, extraClasses, quick);
  }

  public EvalOptions withSeed(long value) {
    return new EvalOptions(data, people, value, cloaks, trackers, leaveOneOut, logisticEpochs, extraClasses, quick);
  }

  public EvalOptions withCloaks(List<CloakSpec> value) {
    return new EvalOptions(data, people, seed, value, trackers, leaveOneOut, logisticEpochs, extraClasses, quick);
  }

  public EvalOptions withTrackers(List<String> value) {
    return new EvalOptions(data, people, seed, cloaks, value, leaveOneOut, logisticEpochs, extraClasses, quick);
  }

  public EvalOptions withLeaveOneOut(boolean value) {
    return new EvalOptions(data, people, seed, cloaks, trackers, value, logisticEpochs, extraClasses, quick);
  }
}
