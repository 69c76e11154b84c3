package dev.fawkes.tf.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fawkes.AlignedFace;
import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.Cloakers;
import dev.fawkes.ImageException;
import dev.fawkes.Preset;
import dev.fawkes.photo.Photos;
import dev.fawkes.tf.testing.SharedData;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Photos people do have: each gives a clear result, never a crash. */
class DegeneratePhotoTest {
  private static Cloaker cloaker;

  @BeforeAll
  static void open() {
    cloaker = Cloakers.create(CloakConfig.builder(Preset.HIGH).extractors("mobileface").maxSteps(15).batchSize(1).build());
  }

  @AfterAll
  static void close() {
    cloaker.close();
  }

  @Test
  void tooSmallPhotosAreRefused() {
    assertThatThrownBy(() -> cloaker.cloak(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)))
        .isInstanceOf(ImageException.class).hasMessageContaining("1x1");
  }

  @Test
  void aSliverPhotoTooThinForAFaceIsRefused() {
    // 10 px cannot hold the smallest face crop the cloak works on: refused before any work.
    assertThatThrownBy(() -> cloaker.cloak(filled(10_000, 10, Color.GRAY)))
        .isInstanceOf(ImageException.class).hasMessageContaining("10000x10");
  }

  @Test
  void extremeAspectRatiosAndFlatColoursHaveNoFaceAndComeBackUnchanged() {
    for (BufferedImage photo : new BufferedImage[] {
        filled(10_000, 40, Color.GRAY), filled(640, 480, Color.BLACK), filled(640, 480, Color.WHITE)}) {
      CloakResult result = cloaker.cloak(photo);
      assertThat(result.facesFound()).isZero();
      assertThat(result.faces()).isEmpty();
      assertThat(pixels(result.image())).isEqualTo(pixels(photo));
    }
  }

  @Test
  void aFaceCutByTheBorderAndAFaceFillingTheFrameAreCloaked() {
    BufferedImage astronaut = Photos.readImage(SharedData.resolve("fixtures/astronaut.png"));
    // The face (about x 172..277, y 74..179) cut by the left border.
    BufferedImage cut = astronaut.getSubimage(200, 40, 300, 300);
    CloakResult cutResult = cloaker.cloak(copy(cut));
    assertThat(cutResult.facesFound()).isEqualTo(1);
    assertThat(cutResult.image().getWidth()).isEqualTo(300);
    assertThat(cutResult.faces().get(0).dssim()).isGreaterThan(0);
    // The face filling the frame.
    BufferedImage full = copy(astronaut.getSubimage(150, 50, 150, 150));
    CloakResult fullResult = cloaker.cloak(full);
    assertThat(fullResult.facesFound()).isEqualTo(1);
    assertThat(fullResult.faces().get(0).dssim()).isGreaterThan(0);
  }

  @Test
  void aGroupPhotoOfFiftyPeopleIsCloakedFaceByFace() throws Exception {
    // 50 LFW people on a 10 x 5 grid of 200 px tiles: a 2000 x 1000 group photo.
    BufferedImage group = Composite.canvas(2000, 1000);
    Graphics2D g = group.createGraphics();
    List<Path> people;
    try (Stream<Path> folders = Files.list(SharedData.resolve("lfw/users"))) {
      people = folders.sorted().limit(50).toList();
    }
    for (int i = 0; i < 50; i++) {
      BufferedImage face = Photos.readImage(SharedData.lfwUser(people.get(i).getFileName().toString(), 1).get(0));
      g.drawImage(face, (i % 10) * 200, (i / 10) * 200, 200, 200, null);
    }
    g.dispose();
    List<AlignedFace> found;
    try (TfFaceAligner aligner = new TfFaceAligner()) {
      found = aligner.align(group);
    }
    // Every person is found; where two photos meet, halves of two faces can pass as one more.
    for (int i = 0; i < 50; i++) {
      java.awt.Rectangle cell = new java.awt.Rectangle((i % 10) * 200, (i / 10) * 200, 200, 200);
      assertThat(found).as("a face in cell %d", i).anySatisfy(face -> {
        java.awt.geom.Rectangle2D c = face.canonical();
        assertThat(cell.contains(face.cropToPhoto().transform(
            new java.awt.geom.Point2D.Double(c.getCenterX(), c.getCenterY()), null))).isTrue();
      });
    }
    assertThat(found.size()).as("detections, spurious ones included").isBetween(50, 55);
    CloakResult result = cloaker.cloak(group);
    assertThat(result.facesFound()).isEqualTo(found.size()).isGreaterThanOrEqualTo(50);
    assertThat(result.faces()).hasSize(result.facesFound())
        .allSatisfy(face -> assertThat(face.dssim()).isGreaterThan(0).isLessThanOrEqualTo(cloaker.config().dssimBudget() + 1e-3));
  }

  private static BufferedImage filled(int w, int h, Color color) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return image;
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  private static BufferedImage copy(BufferedImage region) {
    BufferedImage out = new BufferedImage(region.getWidth(), region.getHeight(), BufferedImage.TYPE_INT_RGB);
    out.getGraphics().drawImage(region, 0, 0, null);
    return out;
  }
}
