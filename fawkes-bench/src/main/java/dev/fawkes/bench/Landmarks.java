package dev.fawkes.bench;

import dev.fawkes.tf.face.FaceDetection;
import dev.fawkes.tf.face.FaceDetector;
import java.awt.image.BufferedImage;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * The face a tracker finds in each photo: BlazeFace's detection nearest the photo's centre, kept
 * for as long as the photo (or its file's path) is in use, so that the trackers that align faces
 * share one detection per photo. Holds the detector's native memory until {@link #close()};
 * thread-safe.
 */
public final class Landmarks implements AutoCloseable {
  private final FaceDetector detector = new FaceDetector();
  // Keys are the photos themselves (compared by identity: BufferedImage does not override equals)
  // or the paths they were read from; both held weakly, so finished photos do not pile up.
  private final Map<Object, Optional<FaceDetection>> found = Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * The face nearest the centre of {@code frame}, detected once per {@code key}.
   *
   * @param frame the photo as the tracker sees it (at most LFW's frame)
   * @param key what identifies the photo: the image itself, or the path it was read from
   */
  public Optional<FaceDetection> find(BufferedImage frame, Object key) {
    Optional<FaceDetection> known = found.get(key);
    if (known != null) {
      return known;
    }
    List<FaceDetection> faces;
    synchronized (detector) {
      faces = detector.detect(frame);
    }
    double cx = frame.getWidth() / 2.0;
    double cy = frame.getHeight() / 2.0;
    Optional<FaceDetection> face = faces.stream().min(Comparator.comparingDouble(
        f -> Math.hypot(f.box().getCenterX() - cx, f.box().getCenterY() - cy)));
    found.put(key, face);
    return face;
  }

  @Override
  public void close() {
    detector.close();
  }
}
