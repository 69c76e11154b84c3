package dev.fawkes.bench;

import dev.fawkes.tf.face.FaceDetection;
import dev.fawkes.tf.face.FaceDetector;
import dev.fawkes.tf.face.SimilarityWarp;
import dev.fawkes.tf.model.LfwBox;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How a tracker turns a photo into its model's input, with nothing of the cloak's: a photo larger
 * than LFW's 250 px frame is first shrunk to it with area averaging (as image libraries and photo
 * sites do), then either LFW's canonical face box is cut out (the models that read it), or the face
 * is detected and mapped onto the model's own {@link FivePointTemplate}. A photo with no face found
 * falls back to the canonical box resized to the model's input, and is counted. Holds a detector's
 * native memory when it aligns; not thread-safe.
 */
public final class TrackerInput implements AutoCloseable {
  private final FivePointTemplate template;
  private final FaceDetector detector;
  private int undetected;

  private TrackerInput(FivePointTemplate template) {
    this.template = template;
    this.detector = template == null ? null : new FaceDetector();
  }

  /** The input of the named tracker: its own template, else the canonical box. */
  public static TrackerInput of(String tracker) {
    return new TrackerInput(Trackers.template(tracker).orElse(null));
  }

  /** The template this input aligns to, if any. */
  public Optional<FivePointTemplate> template() {
    return Optional.ofNullable(template);
  }

  /** The photo as the tracker's model gets it. */
  public BufferedImage view(BufferedImage photo) {
    BufferedImage frame = toFrame(photo);
    if (template == null) {
      return canonicalCrop(frame);
    }
    List<FaceDetection> faces = detector.detect(frame);
    if (faces.isEmpty()) {
      undetected++;
      Rectangle box = canonicalBox(frame);
      double scale = box.width / (double) template.size();
      return SimilarityWarp.sample(frame, new AffineTransform(scale, 0, 0, scale, box.x, box.y), template.size());
    }
    double cx = frame.getWidth() / 2.0;
    double cy = frame.getHeight() / 2.0;
    FaceDetection face = faces.stream().min(Comparator.comparingDouble(
        f -> Math.hypot(f.box().getCenterX() - cx, f.box().getCenterY() - cy))).orElseThrow();
    return template.align(frame, face);
  }

  /** How many photos had no face found so far. */
  public int undetected() {
    return undetected;
  }

  /** A photo wider than LFW's frame, shrunk to it with area averaging; others as they are. */
  public static BufferedImage toFrame(BufferedImage photo) {
    if (photo.getWidth() <= LfwBox.FRAME) {
      return photo;
    }
    int h = (int) Math.round(photo.getHeight() * (double) LfwBox.FRAME / photo.getWidth());
    Image scaled = photo.getScaledInstance(LfwBox.FRAME, h, Image.SCALE_AREA_AVERAGING);
    BufferedImage out = new BufferedImage(LfwBox.FRAME, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(scaled, 0, 0, null);
    g.dispose();
    return out;
  }

  /** The canonical face box of a photo with the LFW framing, scaled with the photo's width, in the photo. */
  public static Rectangle canonicalBox(BufferedImage photo) {
    double s = photo.getWidth() / (double) LfwBox.FRAME;
    int x = (int) Math.round(LfwBox.X * s);
    int y = (int) Math.round(LfwBox.Y * s);
    int size = Math.min((int) Math.round(LfwBox.SIZE * s), Math.min(photo.getWidth() - x, photo.getHeight() - y));
    return new Rectangle(x, y, size, size);
  }

  /** The pixels of {@link #canonicalBox}. */
  public static BufferedImage canonicalCrop(BufferedImage photo) {
    Rectangle box = canonicalBox(photo);
    BufferedImage out = new BufferedImage(box.width, box.height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(photo, -box.x, -box.y, null);
    g.dispose();
    return out;
  }

  @Override
  public void close() {
    if (detector != null) {
      detector.close();
    }
  }
}
