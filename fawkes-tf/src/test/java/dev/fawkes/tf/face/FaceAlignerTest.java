package dev.fawkes.tf.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fawkes.AlignedFace;
import dev.fawkes.photo.Photos;
import dev.fawkes.photo.TestPhotos;
import dev.fawkes.tf.testing.SharedData;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaceAlignerTest {
  private static FaceDetector detector;

  @BeforeAll
  static void open() {
    detector = new FaceDetector();
  }

  @AfterAll
  static void close() {
    detector.close();
  }

  /** Positions checked by eye once on the fixtures with the keypoints drawn (see docs/architecture.md). */
  @Test
  void findsTheOneFaceOfEachFixtureWithItsEyesWhereTheyAre() {
    FaceDetection astronaut = only(Photos.readImage(SharedData.resolve("fixtures/astronaut.png")));
    assertThat(astronaut.box().getCenterX()).isCloseTo(224, within(10.0));
    assertThat(astronaut.box().getCenterY()).isCloseTo(126, within(10.0));
    assertThat(astronaut.box().getWidth()).isCloseTo(105, within(15.0));
    assertPoint(astronaut.keypoints().get(0), 203, 102);
    assertPoint(astronaut.keypoints().get(1), 248, 103);

    FaceDetection hopper = only(Photos.readImage(SharedData.resolve("fixtures/grace_hopper_512x512.jpg")));
    assertThat(hopper.box().getCenterX()).isCloseTo(268, within(10.0));
    assertThat(hopper.box().getCenterY()).isCloseTo(222, within(10.0));
    assertPoint(hopper.keypoints().get(0), 224, 178);
    assertPoint(hopper.keypoints().get(1), 306, 176);
  }

  @Test
  void findsAFaceInAtLeast99PercentOfLfwUsers() throws IOException {
    List<Path> images;
    try (Stream<Path> files = Files.walk(SharedData.resolve("lfw/users"))) {
      images = files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
    long found = images.stream().filter(p -> !detector.detect(Photos.readImage(p)).isEmpty()).count();
    assertThat(images).hasSize(1916);
    // Measured: 1916 of 1916.
    assertThat((double) found / images.size()).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void alignsRotatedAndScaledFacesUpright() {
    BufferedImage photo = Photos.readImage(SharedData.resolve("fixtures/astronaut.png"));
    BufferedImage rotated = Composite.rotated(photo, Math.toRadians(25), 1.6);
    // Crops up to 640 px, so that both faces are cut from the photo's own pixels.
    try (TfFaceAligner aligner = new TfFaceAligner(new FaceDetector(), 640)) {
      AlignedFace upright = aligner.align(photo).get(0);
      AlignedFace face = aligner.align(rotated).get(0);
      // The astronaut's head is not level in the photo itself: the turn is measured against it.
      double turned = degrees(TfFaceAligner.similarity(detector.detect(rotated).get(0).keypoints()))
          - degrees(TfFaceAligner.similarity(detector.detect(photo).get(0).keypoints()));
      assertThat(turned).isCloseTo(25, within(3.0));
      // The crop is the photo's own pixels around the face: bigger for the 1.6x photo, and the
      // framing 1.6 times as large.
      assertThat(face.crop().getWidth()).isGreaterThan(upright.crop().getWidth());
      assertThat(face.canonical().getWidth() / upright.canonical().getWidth()).isCloseTo(1.6, within(0.15));
      assertThat(face.cropToPhoto().getScaleX()).isEqualTo(1.0);
    }
  }

  private static double degrees(AffineTransform similarity) {
    return Math.toDegrees(Math.atan2(similarity.getShearY(), similarity.getScaleX()));
  }

  /** Small faces (about 32-40 px across) in a larger photo, and faces tilted by 30 degrees. */
  @Test
  void findsSmallAndTiltedFaces() {
    BufferedImage face = dev.fawkes.tf.testing.Faces.canonicalCrop(SharedData.lfwUser("Colin_Powell", 1).get(0));
    BufferedImage canvas = Composite.canvas(1280, 960);
    java.awt.Graphics2D g = canvas.createGraphics();
    g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(face, 200, 300, 64, 64, null); // the face box is about 0.55 of the canonical crop: ~35 px
    for (int sign : new int[] {-1, 1}) {
      AffineTransform t = new AffineTransform();
      t.translate(sign < 0 ? 600 : 1000, 500);
      t.rotate(Math.toRadians(30 * sign));
      t.translate(-90, -90);
      g.drawImage(face, t, null);
    }
    g.dispose();
    List<FaceDetection> faces = detector.detect(canvas);
    assertThat(faces).anySatisfy(f -> {
      assertThat(f.box().getCenterX()).isCloseTo(232, within(12.0));
      assertThat(f.box().getWidth()).isLessThan(48);
    });
    assertThat(faces).anySatisfy(f -> assertThat(f.box().getCenterX()).isCloseTo(600, within(30.0)));
    assertThat(faces).anySatisfy(f -> assertThat(f.box().getCenterX()).isCloseTo(1000, within(30.0)));
  }

  @ParameterizedTest
  @ValueSource(ints = {6, 8})
  void exifRotatedJpegsAreReadUprightAndTheirFacesFound(int orientation, @TempDir Path dir) {
    BufferedImage upright = Photos.readImage(SharedData.resolve("fixtures/astronaut.png"));
    // Stored as a phone does: pixels rotated, the EXIF tag says how to show them.
    BufferedImage stored = Composite.rotate90(upright, orientation == 6 ? -1 : 1);
    Path file = dir.resolve("photo-" + orientation + ".jpg");
    try {
      ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
      ImageIO.write(stored, "jpg", jpeg);
      Files.write(file, TestPhotos.withMetadata(jpeg.toByteArray(), null, TestPhotos.exif(orientation), null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    BufferedImage read = Photos.readImage(file);
    assertThat(read.getWidth()).isEqualTo(upright.getWidth());
    FaceDetection face = only(read);
    assertPoint(face.keypoints().get(0), 203, 102);
    assertPoint(face.keypoints().get(1), 248, 103);
  }

  private static FaceDetection only(BufferedImage photo) {
    List<FaceDetection> faces = detector.detect(photo);
    assertThat(faces).hasSize(1);
    return faces.get(0);
  }

  private static void assertPoint(Point2D p, double x, double y) {
    assertThat(p.getX()).isCloseTo(x, within(6.0));
    assertThat(p.getY()).isCloseTo(y, within(6.0));
  }
}
