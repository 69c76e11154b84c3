package dev.fawkes.bench;

import dev.fawkes.tf.face.FaceDetection;
import dev.fawkes.tf.face.FaceDetector;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Measures the canonical face template: BlazeFace's eye, nose and mouth keypoints averaged over the
 * LFW split's images (the face nearest the centre of each), in units of the canonical crop (LFW
 * region x 35..215, y 30..210). The aligner maps every face onto these points, so aligned crops
 * are framed as the LFW crops the target pool and the accuracy figures were computed from.
 *
 * <pre>
 * java dev.fawkes.bench.AlignmentTemplate [--data DIR]
 * </pre>
 */
public final class AlignmentTemplate {
  private AlignmentTemplate() {}

  public static void main(String[] args) throws IOException {
    Path data = args.length == 2 && args[0].equals("--data") ? Path.of(args[1]) : RecognitionAccuracy.defaultData();
    LfwSplit split = LfwSplit.load(data, 0.6);
    double[] sum = new double[8];
    int n = 0;
    int missed = 0;
    try (FaceDetector detector = new FaceDetector()) {
      for (LfwSplit.Person person : split.people()) {
        for (Path file : java.util.stream.Stream.concat(person.gallery().stream(), person.queries().stream()).toList()) {
          BufferedImage image = ImageIO.read(file.toFile());
          List<FaceDetection> faces = detector.detect(image);
          if (faces.isEmpty()) {
            missed++;
            continue;
          }
          FaceDetection face = faces.stream().min(Comparator.comparingDouble(
              f -> Math.hypot(f.box().getCenterX() - 125, f.box().getCenterY() - 125))).get();
          for (int k = 0; k < 4; k++) {
            Point2D p = face.keypoints().get(k);
            sum[2 * k] += (p.getX() - 35) / 180;
            sum[2 * k + 1] += (p.getY() - 30) / 180;
          }
          n++;
        }
      }
    }
    System.out.printf(Locale.ROOT, "images %d, no face %d%n", n + missed, missed);
    String[] names = {"eye (image left)", "eye (image right)", "nose", "mouth"};
    for (int k = 0; k < 4; k++) {
      System.out.printf(Locale.ROOT, "%-18s %.4f, %.4f%n", names[k], sum[2 * k] / n, sum[2 * k + 1] / n);
    }
  }
}
