package dev.fawkes.tf.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceDetectionTest {
  private static List<Point2D> points(int n) {
    List<Point2D> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      points.add(new Point2D.Double(i, 2 * i));
    }
    return points;
  }

  @Test
  void boxAndKeypointsAreCopiedInAndOut() {
    Rectangle2D box = new Rectangle2D.Double(10, 20, 30, 40);
    List<Point2D> keypoints = points(6);
    FaceDetection face = new FaceDetection(box, keypoints, 0.9);
    box.setRect(0, 0, 1, 1);
    keypoints.get(0).setLocation(-1, -1);
    face.box().setRect(0, 0, 1, 1);
    face.keypoints().get(1).setLocation(-1, -1);
    assertThat(face.box()).isEqualTo(new Rectangle2D.Double(10, 20, 30, 40));
    assertThat(face.keypoints()).isEqualTo(points(6));
    assertThat(face.size()).isEqualTo(40);
    assertThat(face).isEqualTo(new FaceDetection(new Rectangle2D.Double(10, 20, 30, 40), points(6), 0.9));
  }

  @Test
  void refusesAnotherNumberOfKeypoints() {
    assertThatThrownBy(() -> new FaceDetection(new Rectangle2D.Double(), points(5), 0.9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keypoints has 5 points, a detection has 6");
  }

  @Test
  void cropSizesCannotBeChanged() {
    assertThat(TfFaceAligner.CROP_SIZES).containsExactly(112, 160, 224, 320, 448, 640);
    assertThatThrownBy(() -> TfFaceAligner.CROP_SIZES.set(0, 1)).isInstanceOf(UnsupportedOperationException.class);
  }
}
