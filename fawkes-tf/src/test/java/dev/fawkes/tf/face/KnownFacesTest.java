package dev.fawkes.tf.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fawkes.AlignedFace;
import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.Cloakers;
import dev.fawkes.FaceCloak;
import dev.fawkes.ImageException;
import dev.fawkes.KnownFace;
import dev.fawkes.Preset;
import dev.fawkes.photo.Photo;
import dev.fawkes.photo.Photos;
import dev.fawkes.quality.Visibility;
import dev.fawkes.tf.model.LfwBox;
import dev.fawkes.tf.testing.SharedData;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faces the application already knows, through {@link TfFaceAligner#forKnownFaces} and the public
 * {@link Cloakers#create(CloakConfig, dev.fawkes.FaceAligner)}: the application's faces are cloaked
 * where it says they are and no others. LOW with 5 steps: enough for a cloak within the budget that
 * moves the features, fast enough for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KnownFacesTest {
  /**
   * Grace Hopper's face on the fixture as the application knows it: eyes and nose tip where
   * BlazeFace puts them (rounded), mouth corners marked by eye on the fixture (their midpoint lies
   * 3.6 px from BlazeFace's mouth centre, 269.1, 262.1).
   */
  private static final KnownFace HOPPER = KnownFace.ofLandmarks(new Point2D.Double(225, 175),
      new Point2D.Double(309, 173), new Point2D.Double(268, 218), new Point2D.Double(229, 264),
      new Point2D.Double(302, 260));
  /** BlazeFace's box of her face on the fixture, rounded: what an application with a box detector knows. */
  private static final Rectangle2D HOPPER_BOX = new Rectangle2D.Double(171, 124, 197, 197);
  /** The box rule as {@link TfFaceAligner#forKnownFaces} documents it: the box's side and centre in the framing. */
  private static final double BOX_SIDE_IN_FRAMING = 0.5773;
  private static final double BOX_CENTRE_X_IN_FRAMING = 0.5053;
  private static final double BOX_CENTRE_Y_IN_FRAMING = 0.6009;

  private final CloakConfig config = CloakConfig.builder(Preset.LOW).maxSteps(5).build();
  /** The application's knowledge: faces by photo instance; a photo it does not hold has no known face. */
  private final Map<BufferedImage, List<KnownFace>> known = Collections.synchronizedMap(new IdentityHashMap<>());
  private Cloaker cloaker;
  private FaceDetector detector;
  private TfFaceAligner blazeFace;
  @TempDir
  Path dir;

  @BeforeAll
  void open() {
    cloaker = Cloakers.create(config, TfFaceAligner.forKnownFaces(
        photo -> known.containsKey(photo) ? known.get(photo) : List.of()));
    detector = new FaceDetector();
    blazeFace = new TfFaceAligner(detector);
  }

  @AfterAll
  void close() {
    cloaker.close();
    blazeFace.close();
  }

  @Test
  void landmarksTheAppKnowsAreCutAndCloakedAsBlazeFaceWouldDo() {
    BufferedImage photo = hopper();
    AlignedFace detected = AlignedFace.largest(blazeFace.align(photo));
    AlignedFace given = single(TfFaceAligner.forKnownFaces(p -> List.of(HOPPER)).align(photo));
    // The same crop (the face is larger than the largest crop: scaled down into it alike), the
    // framing within a few percent of BlazeFace's.
    assertThat(given.crop().getWidth()).isEqualTo(detected.crop().getWidth()).isEqualTo(TfFaceAligner.DEFAULT_LARGEST_CROP);
    assertThat(given.cropToPhoto().getScaleX()).isCloseTo(detected.cropToPhoto().getScaleX(), within(0.05));
    assertThat(given.score()).isEqualTo(1.0);
    System.out.printf("canonical box from the landmarks %s, from BlazeFace %s%n", given.canonicalInPhoto(),
        detected.canonicalInPhoto());
    assertNear(given.canonicalInPhoto(), detected.canonicalInPhoto(), 0.03);
    // Faces come largest first, whatever the application's order.
    List<AlignedFace> two = TfFaceAligner.forKnownFaces(p -> List.of(KnownFace.ofBox(new Rectangle2D.Double(20, 20, 40, 40)),
        HOPPER)).align(photo);
    assertThat(two).hasSize(2);
    assertThat(two.get(0).canonicalInPhoto()).isEqualTo(given.canonicalInPhoto());

    known.put(photo, List.of(HOPPER));
    CloakResult result = cloaker.cloak(photo);
    FaceCloak face = single(result.faces());
    assertProtected(photo, result, face);
    assertThat(face.box()).as("where the landmarks put the framing").isEqualTo(given.canonicalInPhoto());
  }

  @Test
  void aFaceKnownByItsBoxIsFramedByTheMeasuredRule() {
    BufferedImage photo = hopper();
    known.put(photo, List.of(KnownFace.ofBox(HOPPER_BOX)));
    CloakResult result = cloaker.cloak(photo);
    FaceCloak face = single(result.faces());
    assertProtected(photo, result, face);
    double side = Math.sqrt(HOPPER_BOX.getWidth() * HOPPER_BOX.getHeight()) / BOX_SIDE_IN_FRAMING;
    Rectangle2D rule = new Rectangle2D.Double(HOPPER_BOX.getCenterX() - BOX_CENTRE_X_IN_FRAMING * side,
        HOPPER_BOX.getCenterY() - BOX_CENTRE_Y_IN_FRAMING * side, side, side);
    assertThat(face.box().getCenterX()).isCloseTo(rule.getCenterX(), within(1.5));
    assertThat(face.box().getCenterY()).isCloseTo(rule.getCenterY(), within(1.5));
    assertThat((double) face.box().width).isCloseTo(side, within(2.0));
    // Upright and from the box alone: still within a few percent of the framing BlazeFace's keypoints give.
    Rectangle2D detected = AlignedFace.largest(blazeFace.align(photo)).canonicalInPhoto();
    System.out.printf("canonical box from the box %s, the rule's %s, from BlazeFace %s%n", face.box(), rule, detected);
    assertNear(face.box(), detected, 0.06);
  }

  @Test
  void aPhotoInWhichTheAppKnowsNoFaceComesBackUnchangedThoughItHasOne() {
    BufferedImage photo = hopper();
    assertThat(blazeFace.align(photo)).hasSize(1);
    CloakResult result = cloaker.cloak(photo);
    assertThat(result.status()).isEqualTo(CloakResult.Status.NO_FACE);
    assertThat(result.faces()).isEmpty();
    assertThat(result.image().getRGB(0, 0, 512, 512, null, 0, 512)).isEqualTo(photo.getRGB(0, 0, 512, 512, null, 0, 512));
  }

  /**
   * An LFW face pasted so that its canonical framing (the deep-funneled image's {@link LfwBox}) is
   * 40 px: its box, about 22 px, is below the detector's smallest face, so BlazeFace does not find
   * it. The application knows it by the landmarks its own detector found on the photo at full size,
   * moved to where the face was pasted.
   */
  @Test
  void aSmallFaceTheDetectorMissesIsCloakedWhenTheAppKnowsIt() {
    BufferedImage lfw = dev.fawkes.tf.testing.Faces.read(SharedData.lfwUser("Colin_Powell", 1).get(0));
    List<Point2D> points = detector.detect(lfw).stream().max(Comparator.comparingDouble(FaceDetection::size))
        .orElseThrow().keypoints();
    double scale = 40.0 / LfwBox.SIZE;
    double x0 = 140;
    double y0 = 100;
    BufferedImage photo = Composite.canvas(320, 240);
    Graphics2D g = photo.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.drawImage(lfw, (int) x0, (int) y0, (int) Math.round(lfw.getWidth() * scale), (int) Math.round(lfw.getHeight() * scale), null);
    g.dispose();
    double pasted = Math.round(lfw.getWidth() * scale) / (double) lfw.getWidth();
    Point2D[] p = points.stream().map(q -> new Point2D.Double(x0 + q.getX() * pasted, y0 + q.getY() * pasted))
        .toArray(Point2D[]::new);
    // BlazeFace marks the mouth's centre; the app's detector marks its corners, a third of the eyes' distance apart.
    double mx = (p[1].getX() - p[0].getX()) / 6;
    double my = (p[1].getY() - p[0].getY()) / 6;
    KnownFace face = KnownFace.ofLandmarks(p[0], p[1], p[2], new Point2D.Double(p[3].getX() - mx, p[3].getY() - my),
        new Point2D.Double(p[3].getX() + mx, p[3].getY() + my));
    assertThat(blazeFace.align(photo)).as("BlazeFace misses the small face").isEmpty();

    known.put(photo, List.of(face));
    CloakResult result = cloaker.cloak(photo);
    FaceCloak cloaked = single(result.faces());
    assertProtected(photo, result, cloaked);
    // Where the landmarks put the framing: where BlazeFace frames the face at full size, pasted, in
    // the pixels that hold it (within 2 px).
    AlignedFace full = AlignedFace.largest(blazeFace.align(lfw));
    Rectangle2D implied = full.cropToPhoto().createTransformedShape(full.canonical()).getBounds2D();
    implied.setRect(x0 + implied.getX() * pasted, y0 + implied.getY() * pasted, implied.getWidth() * pasted,
        implied.getHeight() * pasted);
    System.out.printf("small face: canonical box %s, implied %s%n", cloaked.box(), implied);
    assertNear(cloaked.box(), implied.getBounds(), 0.05);
    // And about where the image's own canonical framing (its LfwBox) was pasted: the template is the
    // mean of LFW's faces, and this one is framed 12% smaller than its LfwBox.
    Rectangle2D framing = new Rectangle2D.Double(x0 + LfwBox.X * pasted, y0 + LfwBox.Y * pasted, LfwBox.SIZE * pasted,
        LfwBox.SIZE * pasted);
    assertNear(implied, framing, 0.15);
  }

  @Test
  void facesOutsideThePhotoOrNoListFailWithWhatToDo() {
    BufferedImage outside = hopper();
    known.put(outside, List.of(HOPPER, KnownFace.ofBox(new Rectangle2D.Double(480, 100, 100, 100))));
    assertThatThrownBy(() -> cloaker.cloak(outside))
        .isInstanceOf(ImageException.class)
        .hasMessage("Known face KnownFace[box [x 480.0, y 100.0, 100.0x100.0]] lies mostly outside the 512x512 photo "
            + "(32% of its box inside, at least 50% needed); give faces in the pixels of the photo as the cloaker "
            + "gets it, upright after its EXIF orientation");
    BufferedImage none = hopper();
    known.put(none, null);
    assertThatThrownBy(() -> cloaker.cloak(none))
        .isInstanceOf(ImageException.class)
        .hasMessage("The known-faces function returned null for a 512x512 photo; return an empty list for a photo in "
            + "which the application knows no face");
    BufferedImage nullFace = hopper();
    known.put(nullFace, Arrays.asList(HOPPER, null));
    assertThatThrownBy(() -> cloaker.cloak(nullFace))
        .isInstanceOf(ImageException.class).hasMessageContaining("a null face (number 2 of 2) for a 512x512 photo");
    // A wrong number of landmarks fails where the application makes the face.
    assertThatThrownBy(() -> new KnownFace(HOPPER_BOX, HOPPER.landmarks().subList(0, 4)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 or 5 landmarks").hasMessageContaining("got 4");
  }

  /** Protected by the cloak, measured on the photo as written to a PNG file and read back. */
  private void assertProtected(BufferedImage photo, CloakResult result, FaceCloak face) {
    assertThat(result.status()).isEqualTo(CloakResult.Status.CLOAKED);
    assertThat(face.status()).isEqualTo(FaceCloak.Status.PROTECTED);
    assertThat(face.score()).isEqualTo(1.0);
    assertThat(face.featureShift()).hasSize(2).allSatisfy((model, shift) -> assertThat(shift).as(model).isPositive());
    Path file = dir.resolve("cloaked-" + System.identityHashCode(photo) + ".png");
    Photos.write(Photo.of(result.image()), file);
    Visibility seen = Visibility.measure(photo, Photos.readImage(file), face.box());
    System.out.printf("known face %s: %s, shift %s, box %s%n", face.status(), seen, face.featureShift(), face.box());
    assertThat(seen.maxLevelChange()).isPositive();
    assertThat(seen.worstRegionDssim()).isLessThanOrEqualTo(Preset.LOW.maxWorstRegionDssim());
    assertThat(seen.deltaEP95()).isLessThanOrEqualTo(Preset.LOW.maxDeltaEP95());
    assertThat(seen).isEqualTo(face.visibility());
  }

  /** {@code actual} lies where {@code expected} does: centres and sides within {@code fraction} of its side. */
  private static void assertNear(Rectangle2D actual, Rectangle2D expected, double fraction) {
    double tolerance = fraction * expected.getWidth();
    assertThat(actual.getCenterX()).as("centre x of %s", actual).isCloseTo(expected.getCenterX(), within(tolerance));
    assertThat(actual.getCenterY()).as("centre y of %s", actual).isCloseTo(expected.getCenterY(), within(tolerance));
    assertThat(actual.getWidth()).as("side of %s", actual).isCloseTo(expected.getWidth(), within(tolerance));
  }

  private static <T> T single(List<T> items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  private static BufferedImage hopper() {
    return Photos.readImage(SharedData.resolve("fixtures/grace_hopper_512x512.jpg"));
  }
}
