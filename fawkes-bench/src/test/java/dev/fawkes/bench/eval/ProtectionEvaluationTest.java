package dev.fawkes.bench.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fawkes.Preset;
import dev.fawkes.bench.eval.EvalReport.CloakOutcome;
import dev.fawkes.bench.eval.EvalReport.Kind;
import dev.fawkes.bench.eval.EvalReport.Role;
import dev.fawkes.bench.eval.EvalReport.TrackerOutcome;
import dev.fawkes.tf.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick protection evaluation ({@code fawkes eval --quick}: 3 people of the calibration set, HIGH
 * at 30 steps) on the shared LFW data. The controls (photos unchanged, and noise as visible as the
 * cloak) must protect no one: at most 0.10 against each tracker's strongest head, as a clean run
 * does. The cloak's bounds sit close under what the run measured (docs/evaluation.md, CI floors), so
 * that a change that drops a transfer trick or makes the cloak more visible fails here: ceilings on
 * how similar each tracker still finds the clean and the cloaked photo, floors on the protection,
 * and the preset's visibility bounds. Whoever changes the cloak re-baselines them.
 */
class ProtectionEvaluationTest {
  // The quick run measured (PNG), on Alejandro_Toledo, Colin_Powell and David_Beckham, with issue
  // 17's two-pass detector and the alignment template refitted to it: cosines mobileface 0.714,
  // faceres 0.837, fr_feature 0.572; protection mobileface 0.21 centroid and 0.16 strongest head;
  // dE p95 4.22, worst-region DSSIM 0.0146. The run is seeded; the margins absorb float noise (a
  // cosine averages 66 photos) and about one test photo (0.02). faceres's centroid protection, 0.03
  // before and 0.00 now, is one test photo or none: the quick run bounds that black-box tracker by
  // its cosine only (docs/evaluation.md has the report run's protection).
  private static final double WHITE_BOX_COSINE_CEILING = 0.73;
  private static final double FACERES_COSINE_CEILING = 0.85;
  private static final double FR_FEATURE_COSINE_CEILING = 0.59;
  private static final double WHITE_BOX_CENTROID_FLOOR = 0.16;
  private static final double WHITE_BOX_STRONGEST_FLOOR = 0.08;
  private static final double CONTROL_CEILING = 0.10;
  private static final double CLOAK_OVER_NOISE = 0.06;

  @Test
  void theQuickEvaluationStaysWithinItsBounds(@TempDir Path out) throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    EvalReport report = ProtectionEvaluation.run(EvalOptions.quick(SharedData.resolve("lfw")), out.resolve("cache"),
        new PrintStream(log, true, StandardCharsets.UTF_8));
    System.out.print(log.toString(StandardCharsets.UTF_8));
    System.out.print(report.markdown());

    assertThat(report.protocol().get("personSet")).isEqualTo("calibration");
    // A recogniser counts as a tracker at 0.90 nearest-centroid accuracy (mobileface's kNN head is
    // at 0.896 on these people).
    assertThat(report.baselines()).hasSize(3).allSatisfy(b ->
        assertThat(b.accuracy().get(Head.CENTROID)).as("clean accuracy of %s", b.tracker()).isGreaterThanOrEqualTo(0.9));

    CloakOutcome identity = outcome(report, "identity");
    CloakOutcome cloak = outcome(report, "HIGH-quick");
    CloakOutcome noise = outcome(report, "noise as HIGH-quick");
    for (CloakOutcome control : new CloakOutcome[] {identity, noise}) {
      assertThat(control.kind()).isEqualTo(Kind.CONTROL);
      assertThat(control.trackers()).hasSize(3).allSatisfy(t -> {
        assertThat(t.role()).isEqualTo(Role.CONTROL);
        for (String variant : new String[] {"png", "jpeg85", "augmented"}) {
          assertThat(t.protection(variant)).as("%s against %s (%s)", control.label(), t.tracker(), variant)
              .isLessThanOrEqualTo(CONTROL_CEILING);
        }
        if (control == noise) { // the cloak-aware tracker's map costs photos that were not cloaked nothing
          assertThat(t.protection("aware")).as("%s against %s (aware)", control.label(), t.tracker())
              .isLessThanOrEqualTo(CONTROL_CEILING);
        }
      });
    }
    assertThat(identity.quality().visibility().deltaEP95()).isZero();
    // The cloak against the noise of the same visibility: what the cloak adds is its own.
    double noiseCentroid = noise.tracker("mobileface").orElseThrow().protection().get("png").get(Head.CENTROID);
    assertThat(cloak.tracker("mobileface").orElseThrow().protection().get("png").get(Head.CENTROID) - noiseCentroid)
        .as("white-box centroid protection of the cloak over the noise control").isGreaterThanOrEqualTo(CLOAK_OVER_NOISE);
    assertThat(noise.quality().visibility().deltaEP95()).as("the noise is as visible as the cloak")
        .isCloseTo(cloak.quality().visibility().deltaEP95(), within(0.03 * cloak.quality().visibility().deltaEP95()));

    assertThat(cloak.quality().photos()).isEqualTo(report.protocol().get("trainingPhotosCloaked"));
    assertThat(cloak.quality().photosWithoutFace()).isZero();
    assertThat(cloak.quality().dssim()).as("mean DSSIM of the face").isLessThanOrEqualTo(
        cloak.spec().config().dssimBudget() * 1.1);
    Preset preset = cloak.spec().config().preset();
    assertThat(cloak.quality().visibility().deltaEP95()).as("dE p95").isLessThanOrEqualTo(preset.maxDeltaEP95());
    assertThat(cloak.quality().visibility().worstRegionDssim()).as("worst-region DSSIM")
        .isLessThanOrEqualTo(preset.maxWorstRegionDssim());

    TrackerOutcome whiteBox = cloak.tracker("mobileface").orElseThrow();
    assertThat(whiteBox.role()).isEqualTo(Role.WHITE_BOX);
    assertThat(whiteBox.transferCosine()).as("mobileface clean-vs-cloaked cosine").isLessThanOrEqualTo(WHITE_BOX_COSINE_CEILING);
    assertThat(whiteBox.protection().get("png").get(Head.CENTROID)).as("white-box protection, centroid head")
        .isGreaterThanOrEqualTo(WHITE_BOX_CENTROID_FLOOR);
    assertThat(whiteBox.protection("png")).as("white-box protection, strongest head")
        .isGreaterThanOrEqualTo(WHITE_BOX_STRONGEST_FLOOR);
    assertThat(whiteBox.protection()).containsKeys("augmented", "aware");

    TrackerOutcome blackBox = cloak.tracker("faceres").orElseThrow();
    assertThat(blackBox.role()).isEqualTo(Role.BLACK_BOX);
    assertThat(blackBox.transferCosine()).as("faceres clean-vs-cloaked cosine").isLessThanOrEqualTo(FACERES_COSINE_CEILING);

    TrackerOutcome frFeature = cloak.tracker("fr_feature").orElseThrow();
    assertThat(frFeature.role()).isEqualTo(Role.SAME_FAMILY);
    assertThat(frFeature.transferCosine()).as("fr_feature clean-vs-cloaked cosine").isLessThanOrEqualTo(FR_FEATURE_COSINE_CEILING);

    assertThat(EvalOutput.write(report, out)).allSatisfy(p -> assertThat(Files.size(p)).isPositive());
    String json = Files.readString(out.resolve("eval.json"));
    assertThat(json).contains("\"protectionPerPerson\"", "\"accuracyPerPerson\"", "\"visibilityPerPerson\"",
        "\"calibrationSet\"");
  }

  private static CloakOutcome outcome(EvalReport report, String label) {
    return report.cloaks().stream().filter(c -> c.label().equals(label)).findFirst()
        .orElseThrow(() -> new AssertionError("no row " + label));
  }
}
