package dev.fawkes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Rectangle;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The value an application gives for a face it knows: validated, copied, and its messages say what to fix. */
class KnownFaceTest {
  private static final Point2D EYE_LEFT = new Point2D.Double(224, 178);
  private static final Point2D EYE_RIGHT = new Point2D.Double(306, 176);
  private static final Point2D NOSE = new Point2D.Double(266, 221);
  private static final Point2D MOUTH_LEFT = new Point2D.Double(240, 255);
  private static final Point2D MOUTH_RIGHT = new Point2D.Double(292, 254);

  private static KnownFace landmarks() {
    return KnownFace.ofLandmarks(EYE_LEFT, EYE_RIGHT, NOSE, MOUTH_LEFT, MOUTH_RIGHT);
  }

  @Test
  void aFaceByLandmarksHasThemInOrderAndTheirBoundsAsItsBox() {
    KnownFace face = landmarks();
    assertThat(face.hasLandmarks()).isTrue();
    assertThat(face.landmarks()).containsExactly(EYE_LEFT, EYE_RIGHT, NOSE, MOUTH_LEFT, MOUTH_RIGHT);
    assertThat(face.box()).isEqualTo(new Rectangle2D.Double(224, 176, 82, 79));
    assertThat(face).isEqualTo(landmarks()).hasSameHashCodeAs(landmarks());
    assertThat(face.toString()).isEqualTo("KnownFace[box [x 224.0, y 176.0, 82.0x79.0], landmarks (224.0, 178.0) "
        + "(306.0, 176.0) (266.0, 221.0) (240.0, 255.0) (292.0, 254.0)]");
  }

  @Test
  void aFaceByBoxHasNoLandmarksAndEqualsItsCopyOfAnyRectangleType() {
    KnownFace face = KnownFace.ofBox(new Rectangle(10, 20, 30, 40));
    assertThat(face.hasLandmarks()).isFalse();
    assertThat(face.landmarks()).isEmpty();
    assertThat(face).isEqualTo(KnownFace.ofBox(new Rectangle2D.Double(10, 20, 30, 40)));
    assertThat(face.toString()).isEqualTo("KnownFace[box [x 10.0, y 20.0, 30.0x40.0]]");
  }

  @Test
  void changingWhatWasPassedInOrHandedOutChangesNothing() {
    Rectangle2D box = new Rectangle2D.Double(10, 20, 30, 40);
    List<Point2D> points = new ArrayList<>(List.of(copy(EYE_LEFT), copy(EYE_RIGHT), copy(NOSE), copy(MOUTH_LEFT),
        copy(MOUTH_RIGHT)));
    KnownFace face = new KnownFace(box, points);
    box.setRect(0, 0, 1, 1);
    points.get(0).setLocation(0, 0);
    points.clear();
    face.box().setRect(0, 0, 1, 1);
    face.landmarks().get(1).setLocation(0, 0);
    assertThat(face.box()).isEqualTo(new Rectangle2D.Double(10, 20, 30, 40));
    assertThat(face.landmarks()).containsExactly(EYE_LEFT, EYE_RIGHT, NOSE, MOUTH_LEFT, MOUTH_RIGHT);
    assertThatThrownBy(() -> face.landmarks().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aBoxWithoutAreaOrWithAnInfiniteSideIsRefused() {
    assertThatThrownBy(() -> KnownFace.ofBox(new Rectangle2D.Double(10, 20, 0, 40)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("box [x 10.0, y 20.0, 0.0x40.0] must have a positive width and height");
    assertThatThrownBy(() -> KnownFace.ofBox(new Rectangle2D.Double(10, 20, 30, -1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive width and height");
    assertThatThrownBy(() -> KnownFace.ofBox(new Rectangle2D.Double(Double.NaN, 20, 30, 40)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("box [x NaN, y 20.0, 30.0x40.0] has a coordinate that is not finite");
    assertThatThrownBy(() -> KnownFace.ofBox(null)).isInstanceOf(NullPointerException.class).hasMessage("box");
  }

  @Test
  void aFaceHasNoneOrFiveLandmarks() {
    Rectangle2D box = new Rectangle2D.Double(200, 150, 130, 130);
    assertThatThrownBy(() -> new KnownFace(box, List.of(EYE_LEFT, EYE_RIGHT, NOSE, MOUTH_LEFT)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a known face has 0 or 5 landmarks (eyes, nose tip, mouth corners), got 4; use KnownFace.ofBox "
            + "without landmarks");
    assertThatThrownBy(() -> new KnownFace(box, List.of(EYE_LEFT, EYE_RIGHT, NOSE, MOUTH_LEFT, MOUTH_RIGHT, NOSE)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 6");
    assertThat(new KnownFace(box, List.of(EYE_LEFT, EYE_RIGHT, NOSE, MOUTH_LEFT, MOUTH_RIGHT)).box()).isEqualTo(box);
  }

  @Test
  void aLandmarkMustBeAFinitePoint() {
    assertThatThrownBy(() -> KnownFace.ofLandmarks(EYE_LEFT, EYE_RIGHT, new Point2D.Double(266, Double.POSITIVE_INFINITY),
        MOUTH_LEFT, MOUTH_RIGHT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nose (266.0, Infinity) has a coordinate that is not finite");
    List<Point2D> withNull = new ArrayList<>(List.of(EYE_LEFT, EYE_RIGHT, NOSE, MOUTH_LEFT, MOUTH_RIGHT));
    withNull.set(3, null);
    assertThatThrownBy(() -> new KnownFace(new Rectangle2D.Double(0, 0, 10, 10), withNull))
        .isInstanceOf(NullPointerException.class).hasMessage("mouthLeftInPhoto");
  }

  /** The person's order of the eyes (left eye first) is the mistake this catches, for faces upright or turned. */
  @Test
  void eyesInThePersonsOrderAreRefusedWithWhatToDo() {
    assertThatThrownBy(() -> KnownFace.ofLandmarks(EYE_RIGHT, EYE_LEFT, NOSE, MOUTH_RIGHT, MOUTH_LEFT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the mouth (centre (266.0, 254.5)) must lie below the line from eyeLeftInPhoto "
            + "(306.0, 176.0) to eyeRightInPhoto (224.0, 178.0)")
        .hasMessageEndingWith("give the eye on the photo's left first (the person's right eye), not the person's left");
    assertThatThrownBy(() -> KnownFace.ofLandmarks(EYE_LEFT, EYE_LEFT, NOSE, MOUTH_LEFT, MOUTH_RIGHT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("are one point (224.0, 178.0)");
    // Upside down (turned 180 degrees): the eye on the photo's left is the person's left eye, which
    // is the one that would be on the left with the face turned upright: the eye at x 306 here.
    Point2D turnedLeft = new Point2D.Double(306, 76);
    Point2D turnedRight = new Point2D.Double(224, 74);
    KnownFace upsideDown = KnownFace.ofLandmarks(turnedLeft, turnedRight, new Point2D.Double(266, 31),
        new Point2D.Double(292, -3), new Point2D.Double(240, -2));
    assertThat(upsideDown.landmarks().get(0)).isEqualTo(turnedLeft);
  }

  private static Point2D copy(Point2D p) {
    return new Point2D.Double(p.getX(), p.getY());
  }
}
