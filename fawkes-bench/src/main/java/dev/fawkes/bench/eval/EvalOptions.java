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
 * documented runs, {@link #toBuilder()} changes some options.
 *
 * @param data the LFW folder: {@code users/} (and optionally {@code targets/}) of
 *     {@code <Person>/*.jpg}; or one such person folder tree by itself
 * @param people how many protected people to draw from {@code set} (each with at least
 *     {@link #MIN_PHOTOS} photos); ignored when {@code names} is not empty
 * @param names the protected people by name, or empty to draw them
 * @param set the set of people the protected people are drawn from
 * @param seed chooses the people, the targets, the cloak's randomness and the heads' training
 * @param cloaks the ways of cloaking to measure
 * @param trackers the recognisers a tracker may use (bundled names and {@link Trackers#names()})
 * @param leaveOneOut also cloak with each ensemble member held out and track with it
 * @param logisticEpochs training passes of the logistic-regression head
 * @param extraClasses whether trackers also learn the people of {@code targets/} as extra classes
 * @param awarePhotos how many public photos the cloak-aware tracker cloaks to learn its map
 * @param quick whether this is the reduced run (recorded in the report)
 */
public record EvalOptions(Path data, int people, List<String> names, PersonSet set, long seed, List<CloakSpec> cloaks,
    List<String> trackers, boolean leaveOneOut, int logisticEpochs, boolean extraClasses, int awarePhotos,
    boolean quick) {
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
    checkArgument(awarePhotos >= 0, "awarePhotos (%s) must not be negative", awarePhotos);
    names = List.copyOf(names);
    checkArgument(names.stream().distinct().count() == names.size(), "people %s name someone twice", names);
    cloaks = List.copyOf(cloaks);
    trackers = List.copyOf(trackers);
    for (String tracker : trackers) {
      checkArgument(allTrackers().contains(tracker), "unknown tracker '%s'; known: %s", tracker, allTrackers());
    }
  }

  /** Every recogniser: the bundled ones and the evaluation-only trackers. */
  public static List<String> allTrackers() {
    List<String> names = new ArrayList<>(ModelZoo.recognizers().stream().map(ExtractorSpec::name).toList());
    names.addAll(Trackers.names());
    return names;
  }

  /**
   * The full evaluation: 10 people of the report set, the three presets, every tracker, 64 public
   * photos for the cloak-aware tracker. Leave-one-out and the high-resolution variant are cloak
   * specs of their own ({@code --leave-one-out}, {@code upscale=3}).
   */
  public static EvalOptions full(Path data) {
    return new EvalOptions(data, 10, List.of(), PersonSet.REPORT, 1,
        List.of(CloakSpec.parse("LOW"), CloakSpec.parse("MID"), CloakSpec.parse("HIGH")), allTrackers(), false, 20,
        true, 64, false);
  }

  /**
   * The quick run for CI: 3 people of the calibration set, HIGH with 30 steps (the one preset that
   * keeps black-box protection, so the one a weaker cloak shows on), three trackers (mobileface
   * white-box, faceres black-box, fr_feature of the ensemble's mobilefacenet family), only the 62
   * users as classes, and 16 public photos for the cloak-aware tracker.
   */
  public static EvalOptions quick(Path data) {
    return new EvalOptions(data, 3, List.of(), PersonSet.CALIBRATION, 1,
        List.of(CloakSpec.parse("HIGH:steps=30,label=HIGH-quick")),
        List.of("mobileface", "faceres", Trackers.FR_FEATURE.name()), false, 10, false, 16, true);
  }

  /** A builder that starts from these options. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes some options and builds new ones; validated by {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private Path data;
    private int people;
    private List<String> names;
    private PersonSet set;
    private long seed;
    private List<CloakSpec> cloaks;
    private List<String> trackers;
    private boolean leaveOneOut;
    private int logisticEpochs;
    private boolean extraClasses;
    private int awarePhotos;
    private boolean quick;

    private Builder(EvalOptions o) {
      data = o.data;
      people = o.people;
      names = o.names;
      set = o.set;
      seed = o.seed;
      cloaks = o.cloaks;
      trackers = o.trackers;
      leaveOneOut = o.leaveOneOut;
      logisticEpochs = o.logisticEpochs;
      extraClasses = o.extraClasses;
      awarePhotos = o.awarePhotos;
      quick = o.quick;
    }

    public Builder people(int value) {
      people = value;
      return this;
    }

    public Builder names(List<String> value) {
      names = value;
      return this;
    }

    public Builder set(PersonSet value) {
      set = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder cloaks(List<CloakSpec> value) {
      cloaks = value;
      return this;
    }

    public Builder trackers(List<String> value) {
      trackers = value;
      return this;
    }

    public Builder leaveOneOut(boolean value) {
      leaveOneOut = value;
      return this;
    }

    public Builder awarePhotos(int value) {
      awarePhotos = value;
      return this;
    }

    /** The options; throws IllegalArgumentException naming what is wrong. */
    public EvalOptions build() {
      return new EvalOptions(data, people, names, set, seed, cloaks, trackers, leaveOneOut, logisticEpochs,
          extraClasses, awarePhotos, quick);
    }
  }
}
