package dev.fawkes.tf.face;

import dev.fawkes.photo.Photos;
import dev.fawkes.tf.testing.SharedData;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Photos with faces of known place and size: real faces of the shared data, scaled so that the
 * detector's box of the face has a given side, rotated in the image plane, and pasted onto a
 * background, several to a photo.
 */
final class PastedFaces {
  /** The LFW people whose faces are pasted besides the two fixtures: women and men, several origins. */
  static final List<String> LFW_PEOPLE = List.of("Serena_Williams", "Colin_Powell", "Junichiro_Koizumi", "Jennifer_Aniston");
  /** At most this many faces in one photo. */
  private static final int MAX_FACES = 6;

  private PastedFaces() {}

  /**
   * A face to paste: its photo and the detector's box of the face at the photo's own scale.
   *
   * @param name the file's or person's name
   * @param photo the whole photo, which is pasted (clipped to the face's cell) around the face
   * @param face the face's box in {@code photo}
   * @param bystanders the boxes of the other faces the detector finds in {@code photo} (an LFW
   *     photo can show people behind the person)
   */
  record Source(String name, BufferedImage photo, Rectangle2D face, List<Rectangle2D> bystanders) {}

  /**
   * A face as pasted: where it is and how large.
   *
   * @param source what was pasted
   * @param cx the face centre's x in the test photo
   * @param cy the face centre's y
   * @param size the side the face's box has, unrotated
   * @param angle the in-plane rotation, degrees, clockwise on screen
   * @param cell the part of the test photo the source covers, or null if all
   */
  record Placed(Source source, double cx, double cy, double size, int angle, Rectangle2D cell) {
    Placed(Source source, double cx, double cy, double size, int angle) {
      this(source, cx, cy, size, angle, null);
    }

    /** A detection finds the face when its centre lies in the face's box and its size is within 1.5 times. */
    boolean foundBy(FaceDetection d) {
      return matches(d, cx, cy, size);
    }

    /** A detection is of a bystander of the source, one in the part of the source that was pasted. */
    boolean bystanderIs(FaceDetection d) {
      double scale = size / Math.max(source.face().getWidth(), source.face().getHeight());
      for (Rectangle2D b : source.bystanders()) {
        Point2D c = toPhoto().transform(new Point2D.Double(b.getCenterX(), b.getCenterY()), null);
        if ((cell == null || cell.contains(c)) && matches(d, c.getX(), c.getY(), Math.max(b.getWidth(), b.getHeight()) * scale)) {
          return true;
        }
      }
      return false;
    }

    /** From the source's pixels to the test photo's. */
    AffineTransform toPhoto() {
      double scale = size / Math.max(source.face().getWidth(), source.face().getHeight());
      AffineTransform t = new AffineTransform();
      t.translate(cx, cy);
      t.rotate(Math.toRadians(angle));
      t.scale(scale, scale);
      t.translate(-source.face().getCenterX(), -source.face().getCenterY());
      return t;
    }

    private static boolean matches(FaceDetection d, double cx, double cy, double size) {
      Rectangle2D b = d.box();
      return Math.abs(b.getCenterX() - cx) <= size / 2 && Math.abs(b.getCenterY() - cy) <= size / 2
          && d.size() <= 1.5 * size && d.size() >= size / 1.5;
    }
  }

  /** A test photo and the faces pasted into it. */
  record Scene(BufferedImage photo, List<Placed> faces) {}

  /**
   * The two fixtures and the first photo of each of {@link #LFW_PEOPLE}, each with the box the
   * detector finds for its face (for LFW, the face nearest the photo's centre: the person) and the
   * faces a lenient detector (score 0.4) finds besides: bystanders, whose detection is no error.
   */
  static List<Source> sources(FaceDetector detector) {
    List<Source> sources = new ArrayList<>();
    try (FaceDetector lenient = new FaceDetector(16, 0.4)) {
      for (String fixture : List.of("grace_hopper_512x512.jpg", "astronaut.png")) {
        sources.add(source(fixture, Photos.readImage(SharedData.resolve("fixtures/" + fixture)), detector, lenient));
      }
      for (String person : LFW_PEOPLE) {
        sources.add(source(person, Photos.readImage(SharedData.lfwUser(person, 1).get(0)), detector, lenient));
      }
    }
    return sources;
  }

  /** The face of {@code photo} nearest its centre, and the others {@code lenient} finds. */
  static Source source(String name, BufferedImage photo, FaceDetector detector, FaceDetector lenient) {
    double cx = photo.getWidth() / 2.0;
    double cy = photo.getHeight() / 2.0;
    Comparator<FaceDetection> fromCentre = Comparator.comparingDouble(d -> Math.hypot(d.box().getCenterX() - cx, d.box().getCenterY() - cy));
    FaceDetection face = detector.detect(photo).stream().min(fromCentre)
        .orElseThrow(() -> new AssertionError("no face in " + name));
    List<Rectangle2D> others = lenient.detect(photo).stream()
        .filter(d -> FaceDetection.iou(d.box(), face.box()) < 0.3).map(FaceDetection::box).toList();
    return new Source(name, photo, face.box(), others);
  }

  /**
   * A photo of {@code w x h} with faces of side {@code size}, one for each of {@code faces} (source
   * and angle) that fits: the photo is cut into cells of at least twice the face, and each face goes
   * to a random place in its own cell, often against the cell's edge, so that faces land in corners,
   * at the border and across the detector's tile seams.
   *
   * @return the scene; its faces are the ones that fitted, the first of {@code faces}
   */
  static Scene scene(int w, int h, double size, List<Placed> faces, Background background, Random random) {
    int cols = Math.max(1, (int) (w / (2 * size)));
    int rows = Math.max(1, (int) (h / (2 * size)));
    List<Integer> cells = new ArrayList<>();
    for (int i = 0; i < cols * rows; i++) {
      cells.add(i);
    }
    java.util.Collections.shuffle(cells, random);
    BufferedImage photo = background.paint(w, h, random.nextLong());
    List<Placed> placed = new ArrayList<>();
    for (int i = 0; i < Math.min(Math.min(MAX_FACES, cells.size()), faces.size()); i++) {
      int cell = cells.get(i);
      double cw = (double) w / cols;
      double ch = (double) h / rows;
      double x0 = cell % cols * cw;
      double y0 = cell / cols * ch;
      Placed face = faces.get(i);
      double cx = x0 + size / 2 + edgy(random) * (cw - size);
      double cy = y0 + size / 2 + edgy(random) * (ch - size);
      Placed at = new Placed(face.source(), cx, cy, size, face.angle(),
          new Rectangle((int) Math.ceil(x0), (int) Math.ceil(y0), (int) cw, (int) ch));
      paste(photo, at);
      placed.add(at);
    }
    return new Scene(photo, placed);
  }

  /** Uniform in [0, 1] with a fifth of the mass at each end: a place often against an edge. */
  private static double edgy(Random random) {
    return Math.max(0, Math.min(1, 1.4 * random.nextDouble() - 0.2));
  }

  /** Pastes the face's photo, clipped to its cell, so that its face has the placed centre, side and angle. */
  static void paste(BufferedImage canvas, Placed at) {
    Source s = at.source();
    double scale = at.size() / Math.max(s.face().getWidth(), s.face().getHeight());
    // Halve first, so that a large reduction averages pixels instead of skipping them.
    BufferedImage photo = s.photo();
    while (scale * s.photo().getWidth() / photo.getWidth() < 0.5) {
      photo = FaceDetector.resize(photo, photo.getWidth() / 2, photo.getHeight() / 2);
    }
    double pre = (double) photo.getWidth() / s.photo().getWidth();
    Graphics2D g = canvas.createGraphics();
    if (at.cell() != null) {
      g.setClip(at.cell());
    }
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    AffineTransform t = at.toPhoto();
    t.scale(1 / pre, 1 / pre);
    g.drawImage(photo, t, null);
    g.dispose();
  }

  /** What the faces are pasted on. */
  enum Background {
    /** Flat mid-grey. */
    GREY,
    /** Coloured blotches of several sizes with fine grain: clutter with edges at every scale. */
    TEXTURE;

    BufferedImage paint(int w, int h, long seed) {
      if (this == GREY) {
        return Composite.canvas(w, h);
      }
      return Textures.blotches(w, h, new Random(seed));
    }
  }
}
