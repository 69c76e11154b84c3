package dev.fawkes.tf.face;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds every face in a photo of any size with BlazeFace, which sees 256x256 tiles: the photo is
 * scanned at a pyramid of tile sizes, from the whole photo down to tiles about ten times the
 * smallest face wanted, each level's tiles overlapping by half; detections from all tiles are
 * merged by non-maximum suppression. Thread-safe; holds native memory until {@link #close()}.
 */
public final class FaceDetector implements AutoCloseable {
  /** Default smallest face side, in photo pixels. */
  public static final int DEFAULT_MIN_FACE = 32;
  /** Default smallest detector confidence. */
  public static final double DEFAULT_MIN_SCORE = 0.6;
  private static final double NMS_IOU = 0.3;
  /** A detection with more than this fraction of its area inside a better one is dropped. */
  private static final double INSIDE = 0.5;
  /** ... and is at most this fraction of its size. */
  private static final double INSIDE_SIZE = 0.4;
  /** Tiles per session call. */
  private static final int BATCH = 16;
  /** A tile of side L finds faces down to about L / 10. */
  private static final int TILE_PER_FACE = 10;

  private final BlazeFace blazeFace = new BlazeFace();
  private final int minFace;
  private final double minScore;

  /** A detector with the default smallest face and confidence. */
  public FaceDetector() {
    this(DEFAULT_MIN_FACE, DEFAULT_MIN_SCORE);
  }

  /**
   * A detector.
   *
   * @param minFace smallest face side to find, in photo pixels, at least 16
   * @param minScore smallest confidence to report, in (0, 1)
   */
  public FaceDetector(int minFace, double minScore) {
    checkArgument(minFace >= 16, "minFace (%s) must be at least 16", minFace);
    checkArgument(minScore > 0 && minScore < 1, "minScore (%s) must be in (0, 1)", minScore);
    this.minFace = minFace;
    this.minScore = minScore;
  }

  /**
   * Finds the faces in a photo.
   *
   * @param photo any size; alpha is ignored
   * @return the faces found, most confident first; empty if there is none
   * @throws IllegalStateException if this detector is closed
   * @throws dev.fawkes.BackendException if TensorFlow fails
   */
  public List<FaceDetection> detect(BufferedImage photo) {
    checkNotNull(photo, "photo");
    int w = photo.getWidth();
    int h = photo.getHeight();
    List<Tile> tiles = new ArrayList<>();
    for (double side = Math.max(w, h); ; side /= 2) {
      addLevel(photo, side, tiles);
      if (side / 2 < TILE_PER_FACE * minFace || side / 2 < BlazeFace.SIZE / 2.0) {
        break;
      }
    }
    List<FaceDetection> all = new ArrayList<>();
    for (int i = 0; i < tiles.size(); i += BATCH) {
      List<Tile> batch = tiles.subList(i, Math.min(tiles.size(), i + BATCH));
      // Tiles are cut only when their batch runs: a 12-megapixel photo has hundreds of them.
      float[] pixels = new float[batch.size() * Tile.VALUES];
      for (int t = 0; t < batch.size(); t++) {
        batch.get(t).fill(pixels, t * Tile.VALUES);
      }
      for (BlazeFace.Raw raw : blazeFace.detect(pixels, batch.size(), (float) minScore)) {
        all.add(batch.get(raw.tile()).toPhoto(raw));
      }
    }
    all.sort(Comparator.comparingDouble(FaceDetection::score).reversed());
    List<FaceDetection> kept = new ArrayList<>();
    for (FaceDetection d : all) {
      // Suppressed: overlapping a better detection, or much smaller and lying mostly inside one (at a
      // finer tile level the eyes of a face that fills the photo score as faces of their own; a
      // child's face cheek to cheek with a parent's is not that much smaller).
      if (d.size() >= minFace && kept.stream().noneMatch(k -> FaceDetection.iou(k.box(), d.box()) > NMS_IOU
          || d.size() < INSIDE_SIZE * k.size() && FaceDetection.insideFraction(d.box(), k.box()) > INSIDE)) {
        kept.add(d);
      }
    }
    return kept;
  }

  /** Tiles of side {@code side} (photo pixels) covering the photo with half overlap, each resized to 256. */
  private static void addLevel(BufferedImage photo, double side, List<Tile> tiles) {
    int w = photo.getWidth();
    int h = photo.getHeight();
    double stride = side / 2;
    int nx = side >= w ? 1 : (int) Math.ceil((w - side) / stride) + 1;
    int ny = side >= h ? 1 : (int) Math.ceil((h - side) / stride) + 1;
    // Downscale the photo once per level, so each tile is a plain copy at 256 px.
    double scale = BlazeFace.SIZE / side;
    BufferedImage level = scaled(photo, Math.max(1, (int) Math.round(w * scale)), Math.max(1, (int) Math.round(h * scale)));
    for (int ty = 0; ty < ny; ty++) {
      for (int tx = 0; tx < nx; tx++) {
        double x0 = nx == 1 ? 0 : Math.min(tx * stride, w - side);
        double y0 = ny == 1 ? 0 : Math.min(ty * stride, h - side);
        tiles.add(new Tile(level, x0, y0, side, scale));
      }
    }
  }

  /** Area-averaging downscale by repeated halving, then bilinear: no aliasing of small faces. */
  private static BufferedImage scaled(BufferedImage photo, int w, int h) {
    BufferedImage current = photo;
    while (current.getWidth() / 2 >= w && current.getHeight() / 2 >= h) {
      current = resize(current, current.getWidth() / 2, current.getHeight() / 2);
    }
    return resize(current, w, h);
  }

  private static BufferedImage resize(BufferedImage image, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  /** One 256x256 tile: where it sits in the photo, and the downscaled level it is cut from. */
  private static final class Tile {
    static final int VALUES = BlazeFace.SIZE * BlazeFace.SIZE * 3;
    final BufferedImage level;
    final double x0;
    final double y0;
    final double side;
    final double scale;

    Tile(BufferedImage level, double x0, double y0, double side, double scale) {
      this.level = level;
      this.x0 = x0;
      this.y0 = y0;
      this.side = side;
      this.scale = scale;
    }

    /** Writes the tile's RGB values in 0..1 into {@code pixels} from {@code offset}; black outside the photo. */
    void fill(float[] pixels, int offset) {
      int lx = (int) Math.round(x0 * scale);
      int ly = (int) Math.round(y0 * scale);
      int n = BlazeFace.SIZE;
      for (int y = 0; y < n; y++) {
        for (int x = 0; x < n; x++) {
          int px = lx + x;
          int py = ly + y;
          if (px < level.getWidth() && py < level.getHeight()) { // outside: black padding
            int rgb = level.getRGB(px, py);
            int i = offset + (y * n + x) * 3;
            pixels[i] = ((rgb >> 16) & 0xff) / 255f;
            pixels[i + 1] = ((rgb >> 8) & 0xff) / 255f;
            pixels[i + 2] = (rgb & 0xff) / 255f;
          }
        }
      }
    }

    FaceDetection toPhoto(BlazeFace.Raw raw) {
      double bw = raw.w() * side;
      double bh = raw.h() * side;
      Rectangle2D box = new Rectangle2D.Double(x0 + raw.cx() * side - bw / 2, y0 + raw.cy() * side - bh / 2, bw, bh);
      List<Point2D> points = new ArrayList<>();
      for (int k = 0; k < BlazeFace.KEYPOINTS; k++) {
        points.add(new Point2D.Double(x0 + raw.keypoints()[2 * k] * side, y0 + raw.keypoints()[2 * k + 1] * side));
      }
      return new FaceDetection(box, points, raw.score());
    }
  }

  @Override
  public void close() {
    blazeFace.close();
  }
}
