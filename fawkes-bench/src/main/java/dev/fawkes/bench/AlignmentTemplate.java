package dev.fawkes.bench;

import dev.fawkes.tf.face.FaceDetection;
import dev.fawkes.tf.face.FaceDetector;
import dev.fawkes.tf.model.LfwBox;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the canonical face template: BlazeFace's eye, nose and mouth keypoints averaged over the
 * LFW split's images (the face nearest the centre of each), in units of the canonical crop
 * ({@link LfwBox}). The aligner maps every face onto these points, so aligned crops are framed as
 * the LFW crops the target pool and the accuracy figures were computed from. It also measures where
 * BlazeFace's box lies in the canonical crop (mean and standard deviation): the rule by which a face
 * the application knows by its box alone is framed ({@code TfFaceAligner.forKnownFaces}). The
 * lab's {@code alignment-template} command.
 */
@Command(name = "alignment-template", mixinStandardHelpOptions = true,
    description = "Averages BlazeFace's eye, nose and mouth keypoints over the LFW images, in units of the "
        + "canonical face box: the template the aligner maps faces onto; and BlazeFace's box in those units: "
        + "how a face known by its box alone is framed.",
    footer = {"", "Examples:", "  fawkes-lab alignment-template", "  fawkes-lab alignment-template --per-person 5"})
public final class AlignmentTemplate implements Callable<Integer> {
  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Folder of <Person>/*.jpg (default: lfw/users of the shared data, ${DEFAULT-VALUE}).")
  private Path data = RecognitionAccuracy.defaultData();

  @Option(names = "--per-person", paramLabel = "N",
      description = "Only the first N images of each person (default: all).")
  private int perPerson = Integer.MAX_VALUE;

  AlignmentTemplate() {}

  @Override
  public Integer call() throws IOException {
    LfwSplit split = LfwSplit.load(data, 0.6);
    double centre = LfwBox.FRAME / 2.0;
    double[] sum = new double[8];
    // The box's centre x, y, width and height in units of the canonical crop, and their squares.
    double[] box = new double[4];
    double[] boxSquares = new double[4];
    int n = 0;
    int missed = 0;
    try (FaceDetector detector = new FaceDetector()) {
      for (LfwSplit.Person person : split.people()) {
        for (Path file : Stream.concat(person.gallery().stream(), person.queries().stream())
            .limit(perPerson).toList()) {
          BufferedImage image = ImageIO.read(file.toFile());
          List<FaceDetection> faces = detector.detect(image);
          if (faces.isEmpty()) {
            missed++;
            continue;
          }
          FaceDetection face = faces.stream().min(Comparator.comparingDouble(
              f -> Math.hypot(f.box().getCenterX() - centre, f.box().getCenterY() - centre))).get();
          for (int k = 0; k < 4; k++) {
            Point2D p = face.keypoints().get(k);
            sum[2 * k] += (p.getX() - LfwBox.X) / LfwBox.SIZE;
            sum[2 * k + 1] += (p.getY() - LfwBox.Y) / LfwBox.SIZE;
          }
          double[] b = {(face.box().getCenterX() - LfwBox.X) / LfwBox.SIZE, (face.box().getCenterY() - LfwBox.Y) / LfwBox.SIZE,
              face.box().getWidth() / LfwBox.SIZE, face.box().getHeight() / LfwBox.SIZE};
          for (int k = 0; k < 4; k++) {
            box[k] += b[k];
            boxSquares[k] += b[k] * b[k];
          }
          n++;
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "images %d, no face %d%n", n + missed, missed);
    String[] names = {"eye (image left)", "eye (image right)", "nose", "mouth"};
    for (int k = 0; k < 4; k++) {
      out.printf(Locale.ROOT, "%-18s %.4f, %.4f%n", names[k], sum[2 * k] / n, sum[2 * k + 1] / n);
    }
    String[] boxNames = {"box centre x", "box centre y", "box width", "box height"};
    for (int k = 0; k < 4; k++) {
      double mean = box[k] / n;
      out.printf(Locale.ROOT, "%-18s %.4f (sd %.4f)%n", boxNames[k], mean, Math.sqrt(Math.max(0, boxSquares[k] / n - mean * mean)));
    }
    out.flush();
    return 0;
  }
}
