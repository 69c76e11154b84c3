package dev.fawkes.bench.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fawkes.bench.eval.EvalReport.CloakOutcome;
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
 * The quick protection evaluation ({@code fawkes eval --quick}) on the shared LFW data, with floors
 * a little under what it measured (docs/evaluation.md), so that a change that weakens the cloak
 * fails here: the white-box protection, the black-box protection, and a ceiling on how similar
 * the unseen trackers still find the clean and the cloaked photo.
 */
class ProtectionEvaluationTest {
  // The quick run measured (strongest head, PNG): mobileface 0.78, faceres 0.40, fr_feature 0.26;
  // cosines faceres 0.683, fr_feature 0.352 (docs/evaluation.md). The run is seeded, so the margins
  // only absorb float noise and harmless changes; a weaker cloak falls through them.
  private static final double WHITE_BOX_FLOOR = 0.65;
  private static final double BLACK_BOX_FLOOR = 0.28;
  private static final double FR_FEATURE_FLOOR = 0.15;
  private static final double FACERES_COSINE_CEILING = 0.75;
  private static final double FR_FEATURE_COSINE_CEILING = 0.45;

  @Test
  void theQuickEvaluationProtectsAboveItsFloors(@TempDir Path out) throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    EvalReport report = ProtectionEvaluation.run(EvalOptions.quick(SharedData.resolve("lfw")),
        new PrintStream(log, true, StandardCharsets.UTF_8));
    System.out.print(log.toString(StandardCharsets.UTF_8));
    System.out.print(report.markdown());

    assertThat(report.baselines()).hasSize(3).allSatisfy(b ->
        assertThat(b.accuracy().values()).as("clean accuracy of %s", b.tracker()).allMatch(a -> a >= 0.9));
    CloakOutcome cloak = report.cloaks().get(0);
    assertThat(cloak.quality().photos()).isEqualTo(report.protocol().get("trainingPhotosCloaked"));
    assertThat(cloak.quality().photosWithoutFace()).isZero();
    assertThat(cloak.quality().dssim()).as("mean DSSIM of the face").isLessThanOrEqualTo(
        cloak.spec().config().dssimBudget() * 1.1);

    TrackerOutcome whiteBox = cloak.tracker("mobileface").orElseThrow();
    assertThat(whiteBox.role()).isEqualTo(Role.WHITE_BOX);
    assertThat(whiteBox.protection("png")).as("white-box protection").isGreaterThanOrEqualTo(WHITE_BOX_FLOOR);

    TrackerOutcome blackBox = cloak.tracker("faceres").orElseThrow();
    assertThat(blackBox.role()).isEqualTo(Role.BLACK_BOX);
    assertThat(blackBox.protection("png")).as("black-box protection (faceres)").isGreaterThanOrEqualTo(BLACK_BOX_FLOOR);
    assertThat(blackBox.transferCosine()).as("faceres clean-vs-cloaked cosine").isLessThanOrEqualTo(FACERES_COSINE_CEILING);

    TrackerOutcome frFeature = cloak.tracker("fr_feature").orElseThrow();
    assertThat(frFeature.role()).isEqualTo(Role.SAME_FAMILY);
    assertThat(frFeature.protection("png")).as("protection (fr_feature)").isGreaterThanOrEqualTo(FR_FEATURE_FLOOR);
    assertThat(frFeature.transferCosine()).as("fr_feature clean-vs-cloaked cosine").isLessThanOrEqualTo(FR_FEATURE_COSINE_CEILING);

    assertThat(EvalOutput.write(report, out)).allSatisfy(p -> assertThat(Files.size(p)).isPositive());
    assertThat(Files.readString(out.resolve("eval.json"))).contains("\"protectionPerPerson\"");
  }
}
