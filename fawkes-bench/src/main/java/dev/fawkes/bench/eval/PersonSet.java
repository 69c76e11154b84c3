package dev.fawkes.bench.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The two disjoint sets of people that protected people are drawn from: the cloak is tuned on the
 * calibration set and reported on the report set, so that a headline figure never comes from a
 * person the presets were chosen on.
 *
 * <p>The calibration set holds the six people every earlier tuning used (the sweeps before issue 15
 * on Alvaro_Uribe, Ariel_Sharon and Gerhard_Schroeder; issue 15's frontier on Gray_Davis,
 * Guillermo_Coria and Jiang_Zemin), and six more drawn with {@link #SPLIT_SEED} from the other users
 * with at least {@link EvalOptions#MIN_PHOTOS} photos. Every other such user is in the report set.
 */
public enum PersonSet {
  /** The people the cloak may be tuned on; the quick run in CI draws from it. */
  CALIBRATION,
  /** The people the headline tables come from; never used to choose a setting. */
  REPORT;

  /** Seeds the draw of the calibration set's other six people; fixed, so the split never moves. */
  public static final long SPLIT_SEED = 16;
  /** How many people the calibration set has. */
  public static final int CALIBRATION_SIZE = 12;
  /** The people earlier tunings used, in the calibration set whatever the draw. */
  public static final List<String> TUNED_ON = List.of("Alvaro_Uribe", "Ariel_Sharon", "Gerhard_Schroeder",
      "Gray_Davis", "Guillermo_Coria", "Jiang_Zemin");

  /** Lower-case name, as the command line and the report write it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The names of this set among {@code eligible} (every user with enough photos), sorted.
   *
   * @throws IllegalArgumentException if a person of {@link #TUNED_ON} is not eligible
   */
  public List<String> members(List<String> eligible) {
    List<String> calibration = new ArrayList<>(TUNED_ON);
    if (!eligible.containsAll(TUNED_ON)) {
      throw new IllegalArgumentException("the data lacks some of the calibration people " + TUNED_ON
          + "; point --data at the shared LFW users, or name the protected people with --people");
    }
    List<String> rest = new ArrayList<>(eligible.stream().filter(n -> !TUNED_ON.contains(n)).sorted().toList());
    Collections.shuffle(rest, new Random(SPLIT_SEED));
    calibration.addAll(rest.subList(0, Math.min(rest.size(), CALIBRATION_SIZE - TUNED_ON.size())));
    List<String> out = this == CALIBRATION ? calibration
        : eligible.stream().filter(n -> !calibration.contains(n)).toList();
    return out.stream().sorted().toList();
  }

  /** Parses {@code calibration} or {@code report}. */
  public static PersonSet parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("person set must be calibration or report, not '" + text + "'");
    }
  }
}
