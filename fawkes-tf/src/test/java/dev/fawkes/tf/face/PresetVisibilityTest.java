package dev.fawkes.tf.face;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fawkes.AlignedFace;
import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.Cloakers;
import dev.fawkes.FaceCloak;
import dev.fawkes.Preset;
import dev.fawkes.photo.Photo;
import dev.fawkes.photo.Photos;
import dev.fawkes.quality.Visibility;
import dev.fawkes.tf.testing.Faces;
import dev.fawkes.tf.testing.SharedData;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each preset keeps its promise of visibility ({@link Preset#maxDeltaEP95()},
 * {@link Preset#maxWorstRegionDssim()}) on the photo as saved (PNG, read back) and measured on the
 * face's canonical box at full resolution: the public-domain fixtures at their own size, upscaled to
 * 2048 px (a face box of about 1,400 px), and scaled to faces of 100 to 1,200 px. The bounds are far
 * below what the presets measured before issue 15 (ΔE p95 8.6 to 12.6 on LFW faces), so the test
 * fails if a preset goes back to an unbounded change.
 */
class PresetVisibilityTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(Preset.class)
  void fixturesAtTheirOwnSize(Preset preset) {
    assertWithinBounds(preset, fixture("astronaut.png"), "astronaut");
    assertWithinBounds(preset, fixture("grace_hopper_512x512.jpg"), "hopper");
  }

  @ParameterizedTest
  @EnumSource(Preset.class)
  void aPhoneSizedPortrait(Preset preset) {
    assertWithinBounds(preset, Faces.scaled(fixture("grace_hopper_512x512.jpg"), 2048.0 / 512), "hopper at 2048 px");
  }

  /** Faces from 100 to 1,200 px; a cloak of a 1,200 px face takes a minute at HIGH on two cores. */
  @Tag("slow")
  @ParameterizedTest
  @CsvSource({"LOW, 100", "LOW, 300", "LOW, 600", "LOW, 1200", "MID, 100", "MID, 600", "MID, 1200", "HIGH, 100",
      "HIGH, 600", "HIGH, 1200"})
  void facesOfEverySize(Preset preset, int faceSide) {
    BufferedImage fixture = fixture("astronaut.png");
    double side;
    try (TfFaceAligner aligner = new TfFaceAligner()) {
      side = AlignedFace.largest(aligner.align(fixture)).canonicalInPhoto().width;
    }
    assertWithinBounds(preset, Faces.scaled(fixture, faceSide / side), "astronaut, face " + faceSide + " px");
  }

  private void assertWithinBounds(Preset preset, BufferedImage photo, String what) {
    CloakResult result;
    try (Cloaker cloaker = Cloakers.create(CloakConfig.preset(preset))) {
      result = cloaker.cloak(photo);
    }
    Path saved = dir.resolve(preset + ".png");
    Photos.write(Photo.of(result.image()), saved);
    BufferedImage back = Photos.readImage(saved);
    Rectangle box;
    try (TfFaceAligner aligner = new TfFaceAligner()) {
      box = AlignedFace.largest(aligner.align(photo)).canonicalInPhoto();
    }
    // The person's face, measured here on the saved photo. On the 2048 px photo the detector also
    // reports two more faces; what happens where faces' crops overlap is issue 17's.
    Visibility seen = Visibility.measure(photo, back, box);
    System.out.printf(Locale.ROOT, "%s %s (box %d px, %d faces cloaked): dE p95 %.2f (bound %.1f), worst-region DSSIM "
        + "%.4f (bound %.3f), largest change %d%n", preset, what, box.width, result.faces().size(), seen.deltaEP95(),
        preset.maxDeltaEP95(), seen.worstRegionDssim(), preset.maxWorstRegionDssim(), seen.maxLevelChange());
    assertThat(seen.deltaEP95()).as("%s %s: dE p95", preset, what).isLessThanOrEqualTo(preset.maxDeltaEP95());
    assertThat(seen.worstRegionDssim()).as("%s %s: worst-region DSSIM", preset, what)
        .isLessThanOrEqualTo(preset.maxWorstRegionDssim());
    assertThat(seen.maxLevelChange()).as("%s %s: the cloak changed the face", preset, what).isGreaterThan(0);
    assertThat(result.faces()).extracting(FaceCloak::visibility).as("the saved photo measures what the cloak reported")
        .contains(seen);
  }

  private static BufferedImage fixture(String name) {
    return Photos.readImage(SharedData.resolve("fixtures/" + name));
  }
}
