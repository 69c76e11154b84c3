package dev.fawkes.tf.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fawkes.AlignedFace;
import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.Cloakers;
import dev.fawkes.Preset;
import dev.fawkes.photo.Photo;
import dev.fawkes.photo.Photos;
import dev.fawkes.photo.WriteOptions;
import dev.fawkes.quality.Visibility;
import dev.fawkes.tf.model.Embeddings;
import dev.fawkes.tf.model.FeatureExtractor;
import dev.fawkes.tf.model.ModelZoo;
import dev.fawkes.tf.testing.Faces;
import dev.fawkes.tf.testing.SharedData;
import dev.fawkes.tf.testing.SsimReference;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole photos through the default aligner: detection, cloak at native resolution, paste back. */
class CloakPhotoTest {
  private static final String MODEL = "mobileface";
  /** Measured: the heap peaked 326 to 366 MB above its level before the cloak (438 to 478 MB in all). */
  private static final int BOUNDED_HEAP_MB = 400;

  /** HIGH: the one preset whose cloak moves a single model's features far enough to measure here. */
  private static CloakConfig config() {
    return CloakConfig.builder(Preset.HIGH).extractors(MODEL).batchSize(1).build();
  }

  @Test
  void threeFacesAtDifferentScalesAndRotationsAreAllCloakedAndNothingElseChanges() {
    BufferedImage canvas = Composite.canvas(1400, 900);
    Graphics2D g = canvas.createGraphics();
    double[][] placements = {{250, 300, 0.8, -20}, {700, 450, 1.4, 0}, {1150, 400, 2.0, 15}}; // centre, scale, degrees
    String[] people = {"Tony_Blair", "Serena_Williams", "Colin_Powell"};
    for (int i = 0; i < 3; i++) {
      BufferedImage face = Faces.canonicalCrop(SharedData.lfwUser(people[i], 1).get(0));
      AffineTransform t = new AffineTransform();
      t.translate(placements[i][0], placements[i][1]);
      t.rotate(Math.toRadians(placements[i][3]));
      t.scale(placements[i][2], placements[i][2]);
      t.translate(-90, -90);
      g.drawImage(face, t, null);
    }
    g.dispose();

    List<Shape> regions = new ArrayList<>();
    try (TfFaceAligner aligner = new TfFaceAligner()) {
      for (AlignedFace face : aligner.align(canvas)) {
        int side = face.crop().getWidth();
        regions.add(face.cropToPhoto().createTransformedShape(new Rectangle2D.Double(-1, -1, side + 2, side + 2)));
      }
    }
    try (Cloaker cloaker = Cloakers.create(config())) {
      CloakResult result = cloaker.cloak(canvas);
      assertThat(result.facesFound()).isEqualTo(3);
      assertThat(result.faces()).hasSize(3).allSatisfy(f -> assertThat(f.featureShift().get(MODEL)).isGreaterThan(0.05));
      int changed = 0;
      for (int y = 0; y < canvas.getHeight(); y++) {
        for (int x = 0; x < canvas.getWidth(); x++) {
          if (canvas.getRGB(x, y) != result.image().getRGB(x, y)) {
            changed++;
            double px = x + 0.5;
            double py = y + 0.5;
            assertThat(regions.stream().anyMatch(r -> r.contains(px, py))).as("pixel %s,%s outside every face", x, y).isTrue();
          }
        }
      }
      assertThat(changed).isGreaterThan(10_000);
      for (double[] p : placements) {
        assertThat(regions.stream().anyMatch(r -> r.contains(p[0], p[1]))).isTrue();
      }
    }
  }

  @Test
  void aPhotoWithoutAFaceComesBackUnchanged() {
    BufferedImage photo = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 200; y++) {
      for (int x = 0; x < 300; x++) {
        photo.setRGB(x, y, (x * 255 / 300) << 16 | (y * 255 / 200) << 8 | 90);
      }
    }
    try (Cloaker cloaker = Cloakers.create(config())) {
      CloakResult result = cloaker.cloak(photo);
      assertThat(result.facesFound()).isZero();
      assertThat(result.faces()).isEmpty();
      assertThat(pixels(result.image())).isEqualTo(pixels(photo));
      assertThat(result.image()).isNotSameAs(photo);
    }
  }

  /**
   * The budget holds on the output photo, measured independently of the optimizer: on the face
   * (the canonical framing the detector reports, not the whole crop, whose margin dilutes the
   * change) at the photo's own resolution, with the reference SSIM.
   */
  @Test
  void theBudgetHoldsOnTheFaceInTheWrittenBackPhoto() {
    BufferedImage photo = Photos.readImage(SharedData.resolve("fixtures/astronaut.png"));
    try (Cloaker cloaker = Cloakers.create(config())) {
      CloakResult result = cloaker.cloak(photo);
      assertThat(result.facesFound()).isEqualTo(1);
      Rectangle2D face = faceInPhoto(photo);
      // The face with SSIM's window radius around it, so that every window over the face is whole.
      int margin = 5;
      int x = (int) Math.floor(face.getMinX()) - margin;
      int y = (int) Math.floor(face.getMinY()) - margin;
      int side = (int) Math.ceil(Math.max(face.getWidth(), face.getHeight())) + 2 * margin;
      assertThat(new Rectangle2D.Double(0, 0, photo.getWidth(), photo.getHeight()).contains(x, y, side, side))
          .as("the fixture's face lies inside the photo").isTrue();
      double[] box = {(face.getMinY() - y) / side, (face.getMinX() - x) / side, (face.getMaxY() - y) / side,
          (face.getMaxX() - x) / side};
      double dssim = SsimReference.dssim(floats(photo.getSubimage(x, y, side, side)),
          floats(result.image().getSubimage(x, y, side, side)), side, box);
      System.out.printf("face in the written-back photo: DSSIM %.5f, budget %.3f, reported %.5f%n", dssim,
          config().dssimBudget(), result.faces().get(0).dssim());
      assertThat(dssim).isLessThanOrEqualTo(config().dssimBudget() * 1.1).isGreaterThan(0.0005);
      // The visibility the result reports is measured on the same box of the returned photo.
      Visibility seen = result.faces().get(0).visibility();
      System.out.printf("reported visibility: %s%n", seen);
      assertThat(seen.boxDssim()).isCloseTo(dssim, within(0.0005));
      assertThat(seen.worstRegionDssim()).isGreaterThanOrEqualTo(seen.boxDssim());
      assertThat(seen.deltaEP95()).isPositive();
      assertThat(seen.maxLevelChange()).isPositive();
    }
  }

  /**
   * The cloak survives the tracker's round trip: save, read back, detect and align again. The
   * feature shift seen then must be at least 80% of the shift reported by the optimization.
   */
  @ParameterizedTest
  @ValueSource(strings = {"png", "jpg"})
  void theCloakSurvivesSavingReadingAndRealigning(String format, @TempDir Path dir) throws Exception {
    BufferedImage photo = Photos.readImage(SharedData.resolve("fixtures/astronaut.png"));
    CloakConfig config = CloakConfig.builder(Preset.MID).extractors(MODEL).batchSize(1).build();
    try (Cloaker cloaker = Cloakers.create(config); TfFaceAligner aligner = new TfFaceAligner();
        FeatureExtractor extractor = FeatureExtractor.create(ModelZoo.load(MODEL))) {
      CloakResult result = cloaker.cloak(photo);
      double reported = result.faces().get(0).featureShift().get(MODEL);
      Path file = dir.resolve("cloaked." + format);
      Photos.write(Photo.of(result.image()), file, WriteOptions.builder().jpegQuality(0.90f).build());
      BufferedImage back = Photos.readImage(file);
      float[] clean = extractor.embed(aligner.align(photo).get(0));
      float[] seen = extractor.embed(aligner.align(back).get(0));
      double shift = 1 - Embeddings.dot(clean, seen);
      System.out.printf("round trip %s: shift %.4f after, %.4f reported (%.0f%%)%n", format, shift, reported,
          100 * shift / reported);
      assertThat(shift).as("%s: shift after the round trip vs %s reported", format, reported)
          .isGreaterThanOrEqualTo(0.8 * reported);
    }
  }

  /**
   * A 6000x4000 photo (96 MB as int RGB, its written copy another 96 MB) is cloaked in a JVM whose
   * heap is capped at {@link #BOUNDED_HEAP_MB}: detection cuts its tiles per batch and the crop is
   * capped at 224 px, so nothing else of the photo's size is held.
   */
  @Test
  void aLargePhotoIsCloakedInABoundedHeap(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("large.txt");
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + BOUNDED_HEAP_MB + "m", "-cp", System.getProperty("java.class.path"),
        "-D" + dev.fawkes.tf.testing.SharedDataFolder.PROPERTY + "=" + SharedData.root().toAbsolutePath(),
        LargePhotoCloak.class.getName())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)).as("finished in 5 minutes").isTrue();
    String printed = java.nio.file.Files.readString(out);
    assertThat(process.exitValue()).as(printed).isZero();
    assertThat(printed).contains("faces 1 width 6000 dssim 0.0");
  }

  /** Where the face (its canonical framing) lies in the photo, as the detector finds it. */
  private static Rectangle2D faceInPhoto(BufferedImage photo) {
    try (TfFaceAligner aligner = new TfFaceAligner()) {
      AlignedFace face = aligner.align(photo).get(0);
      return face.cropToPhoto().createTransformedShape(face.canonical()).getBounds2D();
    }
  }

  private static float[] floats(BufferedImage image) {
    int w = image.getWidth();
    float[] out = new float[w * image.getHeight() * 3];
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < w; x++) {
        int rgb = image.getRGB(x, y);
        int i = (y * w + x) * 3;
        out[i] = ((rgb >> 16) & 0xff) / 255f;
        out[i + 1] = ((rgb >> 8) & 0xff) / 255f;
        out[i + 2] = (rgb & 0xff) / 255f;
      }
    }
    return out;
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }
}
