package dev.fawkes.tf.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.Cloakers;
import dev.fawkes.FaceCloak;
import dev.fawkes.Preset;
import dev.fawkes.UnprotectedFaceException;
import dev.fawkes.photo.Photo;
import dev.fawkes.photo.Photos;
import dev.fawkes.quality.Visibility;
import dev.fawkes.tf.testing.Faces;
import dev.fawkes.tf.testing.SharedData;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is written is what was reported: each photo is cloaked, saved as PNG, read back, and every
 * face's budget is measured on the file against the input's stored values. The budget is tight
 * (HIGH's caps and rate under a DSSIM budget of 0.002), so that the optimizer ends at it and
 * rounding, upsampling and overlaps would push a face over if nothing held it. 24 steps: at 12, one
 * face of the overlap test had no iterate inside so tight a budget and was rightly left unchanged.
 */
class WrittenPhotoTest {
  private static final double BUDGET = 0.002;
  private static Cloaker cloaker;
  @TempDir
  Path dir;

  @BeforeAll
  static void create() {
    cloaker = Cloakers.create(CloakConfig.builder(Preset.HIGH).dssimBudget(BUDGET).maxSteps(24).build());
  }

  @AfterAll
  static void close() {
    cloaker.close();
  }

  private static BufferedImage hopper() {
    return Faces.read(SharedData.resolve("fixtures/grace_hopper_512x512.jpg"));
  }

  /**
   * Saves the result as {@code photo} was read, reads it back and checks every face found on the
   * file. The {@code placed} largest faces are the ones the test put there and must be protected;
   * how many more the detector reports (a face at the border of an LFW photo, say) is
   * FaceRecallTest's business, but whatever it reports holds the budget on the file too.
   */
  private BufferedImage savedAndChecked(Photo photo, CloakResult result, int placed) {
    assertThat(largest(result, placed)).as("faces %s", result.faces())
        .allSatisfy(f -> assertThat(f.status()).isEqualTo(FaceCloak.Status.PROTECTED));
    Path file = dir.resolve("out.png");
    Photos.write(photo.withImage(result.image()), file);
    BufferedImage saved = Photos.read(file).image();
    BufferedImage original = Photos.toRgb(photo.image());
    for (FaceCloak face : result.faces()) {
      Visibility onFile = Visibility.measure(original, saved, face.box());
      assertThat(onFile.worstRegionDssim()).as("budget on the saved file at %s", face.box()).isLessThanOrEqualTo(BUDGET);
      assertThat(onFile).as("the report is the file's").isEqualTo(face.visibility());
      if (face.status() == FaceCloak.Status.PROTECTED) {
        assertThat(onFile.worstRegionDssim()).as("a protected face is changed").isPositive();
        assertThat(face.featureShift().values()).allSatisfy(s -> assertThat(s).isPositive());
      }
    }
    return saved;
  }

  /** The {@code n} largest faces found, largest first. */
  private static List<FaceCloak> largest(CloakResult result, int n) {
    assertThat(result.faces()).hasSizeGreaterThanOrEqualTo(n);
    return result.faces().stream()
        .sorted(Comparator.comparingInt((FaceCloak f) -> f.box().width * f.box().height).reversed()).limit(n).toList();
  }

  @Test
  void anRgbPhotoHoldsItsBudgetAfterRounding() {
    Photo photo = Photo.of(hopper());
    savedAndChecked(photo, cloaker.cloak(photo.image()), 1);
  }

  @Test
  void overlappingFacesEachHoldTheBudget() {
    // Two LFW photos 150 px apart: their crops (224 px) overlap across both faces.
    BufferedImage canvas = Composite.canvas(400, 250);
    Graphics2D g = canvas.createGraphics();
    g.drawImage(Faces.read(SharedData.lfwUser("Tony_Blair", 1).get(0)), 0, 0, null);
    g.drawImage(Faces.read(SharedData.lfwUser("Serena_Williams", 1).get(0)).getSubimage(50, 0, 200, 250), 200, 0, null);
    g.dispose();
    CloakResult result = cloaker.cloak(canvas);
    List<FaceCloak> two = largest(result, 2);
    assertThat(two.get(0).box().intersects(two.get(1).box()) || two.get(0).box().union(two.get(1).box()).width < 2 * 224)
        .as("the crops overlap").isTrue();
    savedAndChecked(Photo.of(canvas), result, 2);
  }

  @Test
  void aGrayPhotoReadFromAFileIsCloakedInGrayAndWrittenWhole() throws IOException {
    Path gray = dir.resolve("gray.png");
    ImageIO.write(toByteGray(hopper()), "png", gray.toFile());
    Photo photo = Photos.read(gray);
    assertThat(photo.isGrayscale()).isTrue();
    CloakResult result = cloaker.cloak(photo.image());
    BufferedImage image = result.image();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        assertThat((p >> 16) & 0xff).as("gray at %s,%s", x, y).isEqualTo(p & 0xff).isEqualTo((p >> 8) & 0xff);
      }
    }
    BufferedImage saved = savedAndChecked(photo, result, 1);
    // Nothing of the cloak is lost in writing gray.
    assertThat(Visibility.measure(image, saved, result.faces().get(0).box()).maxLevelChange()).isZero();
  }

  @Test
  void aByteGrayImageKeepsItsLevelsAndItsType() {
    BufferedImage gray = toByteGray(hopper());
    CloakResult result = cloaker.cloak(gray);
    assertThat(result.image().getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
    FaceCloak face = result.faces().get(0);
    // Measured on stored levels: Java's own gray conversion would treat them as linear.
    Visibility stored = Visibility.measure(Photos.toRgb(gray), Photos.toRgb(result.image()), face.box());
    assertThat(stored).isEqualTo(face.visibility());
    assertThat(stored.worstRegionDssim()).isLessThanOrEqualTo(BUDGET).isPositive();
  }

  @Test
  void aPaletteImageComesBackInRgbWithTheWholeCloak() {
    BufferedImage rgb = hopper();
    BufferedImage indexed = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_INDEXED);
    Graphics2D g = indexed.createGraphics();
    g.drawImage(rgb, 0, 0, null);
    g.dispose();
    CloakResult result = cloaker.cloak(indexed);
    assertThat(result.image().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    savedAndChecked(Photo.of(indexed), result, 1);
  }

  @Test
  void aLargeFaceHoldsItsBudgetAtFullResolution() {
    BufferedImage large = Faces.scaled(hopper(), 3);
    CloakResult result = cloaker.cloak(large);
    assertThat(largest(result, 1).get(0).box().width).as("a face larger than the largest crop").isGreaterThan(640);
    savedAndChecked(Photo.of(large), result, 1);
  }

  @Test
  void aFaceTooSmallIsReportedAndFailsTheCallOnlyWhenAsked() {
    BufferedImage photo = hopper();
    CloakConfig strict = CloakConfig.builder(Preset.LOW).maxSteps(2).minFaceSide(1000).build();
    try (Cloaker small = Cloakers.create(strict)) {
      CloakResult result = small.cloak(photo);
      assertThat(result.status()).isEqualTo(CloakResult.Status.PARTLY_PROTECTED);
      FaceCloak face = result.faces().get(0);
      assertThat(face.status()).isEqualTo(FaceCloak.Status.TOO_SMALL);
      assertThat(face.score()).isGreaterThan(0.6);
      assertThat(face.visibility()).isEqualTo(Visibility.UNCHANGED);
      assertThat(Visibility.measure(photo, result.image(), face.box()).maxLevelChange()).isZero();
    }
    try (Cloaker required = Cloakers.create(strict.toBuilder().requireAllFaces(true).build())) {
      assertThatThrownBy(() -> required.cloak(photo)).isInstanceOf(UnprotectedFaceException.class)
          .hasMessageContaining("too-small").satisfies(e -> assertThat(((UnprotectedFaceException) e).results())
              .singleElement().extracting(CloakResult::status).isEqualTo(CloakResult.Status.PARTLY_PROTECTED));
    }
  }

  @Test
  void aFaceWithNoCloakInItsBudgetIsLeftUnchangedAndSaysSo() {
    BufferedImage photo = hopper();
    try (Cloaker tiny = Cloakers.create(CloakConfig.builder(Preset.HIGH).dssimBudget(1e-7).maxSteps(3).build())) {
      CloakResult result = tiny.cloak(photo);
      FaceCloak face = result.faces().get(0);
      assertThat(face.status()).isEqualTo(FaceCloak.Status.BUDGET_NOT_REACHED);
      assertThat(result.status()).isEqualTo(CloakResult.Status.PARTLY_PROTECTED);
      assertThat(face.visibility().maxLevelChange()).isZero();
    }
  }

  /** The photo's luma as 8-bit gray samples, as a gray PNG holds them. */
  private static BufferedImage toByteGray(BufferedImage rgb) {
    BufferedImage gray = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = gray.getRaster();
    for (int y = 0; y < rgb.getHeight(); y++) {
      for (int x = 0; x < rgb.getWidth(); x++) {
        int p = rgb.getRGB(x, y);
        raster.setSample(x, y, 0, (int) Math.round(0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff)
            + 0.114 * (p & 0xff)));
      }
    }
    return gray;
  }
}
