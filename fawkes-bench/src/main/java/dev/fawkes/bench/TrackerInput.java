package dev.fawkes.bench;

import dev.fawkes.tf.face.FaceDetection;
import dev.fawkes.tf.face.SimilarityWarp;
import dev.fawkes.tf.model.LfwBox;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * How a tracker turns a photo into its model's input, with nothing of the cloak's: a photo larger
 * than LFW's 250 px frame is first shrunk to it with area averaging (as image libraries and photo
 * sites do), then either LFW's canonical face box is cut out (the models that read it), or the face
 * is detected and mapped onto the model's own {@link FivePointTemplate}. A photo with no face found
 * falls back to the canonical box resized to the model's input, and is counted. Detections come
 * from {@link Landmarks}, shared by the trackers of one run. Not thread-safe.
 */
public final class TrackerInput implements AutoCloseable {
  private final FivePointTemplate template;
  private final Landmarks landmarks;
  private final boolean ownsLandmarks;
  private int undetected;

  private TrackerInput(FivePointTemplate template, Landmarks landmarks, boolean ownsLandmarks) {
    this.template = template;
    this.landmarks = landmarks;
    this.ownsLandmarks = ownsLandmarks;
  }

  /** The input of the named tracker (its own template, else the canonical box), with its own detector. */
  public static TrackerInput of(String tracker) {
    Optional<FivePointTemplate> template = Trackers.template(tracker);
    return new TrackerInput(template.orElse(null), template.isPresent() ? new Landmarks() : null, true);
  }

  /** The input of the named tracker, sharing {@code landmarks} (not closed by this input) with others. */
  public static TrackerInput of(String tracker, Landmarks landmarks) {
    return new TrackerInput(Trackers.template(tracker).orElse(null), landmarks, false);
  }

  /** The template this input aligns to, if any. */
  public Optional<FivePointTemplate> template() {
    return Optional.ofNullable(template);
  }

  /** The photo as the tracker's model gets it; its face is detected in it. */
  public BufferedImage view(BufferedImage photo) {
    return view(photo, photo);
  }

  /** As {@link #view(BufferedImage)}, the detection kept under {@code key} (the photo's path, say). */
  public BufferedImage view(BufferedImage photo, Object key) {
    BufferedImage frame = toFrame(photo);
    return template == null ? canonicalCrop(frame) : align(frame, landmarks.find(frame, key), 1);
  }

  /**
   * A copy the tracker made itself of a photo it read from {@code source} (re-encoded, shrunk,
   * blurred), as its model gets it: aligned with the face found in the original, scaled to the
   * copy, since the tracker knows where the face is in its own copies.
   */
  public BufferedImage viewCopy(BufferedImage original, Object source, BufferedImage copy) {
    BufferedImage frame = toFrame(copy);
    if (template == null) {
      return canonicalCrop(frame);
    }
    BufferedImage originalFrame = toFrame(original);
    return align(frame, landmarks.find(originalFrame, source), frame.getWidth() / (double) originalFrame.getWidth());
  }

  private BufferedImage align(BufferedImage frame, Optional<FaceDetection> face, double scale) {
    if (face.isEmpty()) {
      undetected++;
      Rectangle box = canonicalBox(frame);
      double s = box.width / (double) template.size();
      return SimilarityWarp.sample(frame, new AffineTransform(s, 0, 0, s, box.x, box.y), template.size());
    }
    AffineTransform cropToPhoto = SimilarityWarp.fit(template.fitted(), face.get().keypoints());
    cropToPhoto.preConcatenate(AffineTransform.getScaleInstance(scale, scale));
    return SimilarityWarp.sample(frame, cropToPhoto, template.size());
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
    if (ownsLandmarks && landmarks != null) {
      landmarks.close();
    }
  }
}
