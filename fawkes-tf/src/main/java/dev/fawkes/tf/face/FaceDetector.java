package dev.fawkes.tf.face;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds every face in a photo of any size with BlazeFace, which sees 256x256 tiles, in two steps.
 * The scan cuts the photo into tiles at a pyramid of tile sizes, from one tile holding the whole
 * photo down to tiles in which the smallest face wanted is 24 px (BlazeFace finds faces of about 24
 * to 190 px in its tile, so levels at most twice apart cover every size), neighbouring tiles
 * overlapping by a quarter; it keeps candidates of a low score. Then each candidate gets two looks
 * of its own: a tile centred on it, turned so that its eyes are level, scaled so that the face is
 * 64 px, and again at 48 px. BlazeFace is surest of a real face there and scores it much the same
 * at both scales; patterns in textures, clothes and badges that pass the scan score high at one
 * scale at most. The face's score is the mean of the two looks, its keypoints the mean of theirs
 * (their eye line errs by 2.2 degrees on average, the scan's by 2.9), its box the first look's:
 * looks' boxes agree from tile to tile where the scan's do not (two scan boxes of one face can
 * overlap too little to be merged). Faces are then merged by non-maximum suppression. Thread-safe;
 * holds native memory until {@link #close()}.
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
  /** The smallest face at the finest level, in tile pixels: below about 20 BlazeFace misses faces. */
  private static final double MIN_FACE_IN_TILE = 24;
  /** The largest face at the coarsest level, in tile pixels: above about 200 BlazeFace misses faces. */
  private static final double MAX_FACE_IN_TILE = 192;
  /** Neighbouring levels are at most this factor apart. */
  private static final double LEVEL_STEP = 2;
  /**
   * The fraction of a tile its neighbour overlaps: 64 px, more than the largest face a level must
   * find itself (48 px, twice the smallest; the next level finds larger ones), so that each face
   * lies whole in some tile.
   */
  private static final double OVERLAP = 0.25;
  /** Scan candidates need only this score (or the smallest confidence, if lower): the looks decide. */
  private static final double SCAN_SCORE = 0.5;
  /** The face's side in the first look's tile, in tile pixels: where BlazeFace scores faces highest. */
  private static final double LOOK_FACE = 64;
  /** The face's side in the second look's tile. */
  private static final double SECOND_LOOK_FACE = 48;
  /** A box is a noisy measure of a face: faces down to this fraction of the smallest face are kept. */
  private static final double SIZE_SLACK = 0.8;

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
    Halvings halvings = new Halvings(photo);
    List<FaceDetection> candidates = new ArrayList<>();
    for (double side : levels(photo.getWidth(), photo.getHeight())) {
      // One level at a time: the finest level of a large photo is nearly the photo's size again.
      candidates.addAll(scan(level(halvings, side), Math.min(SCAN_SCORE, minScore)));
    }
    candidates = suppressed(candidates, false);
    FaceDetection[] first = look(halvings, candidates, LOOK_FACE, minScore);
    List<FaceDetection> seen = new ArrayList<>();
    List<FaceDetection> looked = new ArrayList<>();
    for (int i = 0; i < first.length; i++) {
      if (first[i] != null) {
        seen.add(first[i]);
        looked.add(candidates.get(i));
      }
    }
    // Only what the first look saw gets a second, centred like the first (centred on what the first
    // saw, it let more patterns pass): few tiles.
    FaceDetection[] second = look(halvings, looked, SECOND_LOOK_FACE, 0.01);
    List<FaceDetection> faces = new ArrayList<>();
    for (int i = 0; i < seen.size(); i++) {
      FaceDetection face = seen.get(i);
      double score = (face.score() + (second[i] == null ? 0 : second[i].score())) / 2;
      if (score >= minScore) {
        faces.add(new FaceDetection(face.box(), second[i] == null ? face.keypoints() : mean(face.keypoints(), second[i].keypoints()), score));
      }
    }
    return suppressed(faces, true);
  }

  /** Point by point, the mean of two measures of the keypoints: the looks' roll errs less than the scan's. */
  private static List<Point2D> mean(List<Point2D> a, List<Point2D> b) {
    List<Point2D> mean = new ArrayList<>();
    for (int k = 0; k < a.size(); k++) {
      mean.add(new Point2D.Double((a.get(k).getX() + b.get(k).getX()) / 2, (a.get(k).getY() + b.get(k).getY()) / 2));
    }
    return mean;
  }

  /** Runs BlazeFace on the tiles, {@link #BATCH} at a time, and maps what it finds above {@code score} to the photo. */
  private List<FaceDetection> scan(List<Tile> tiles, double score) {
    List<FaceDetection> found = new ArrayList<>();
    for (int i = 0; i < tiles.size(); i += BATCH) {
      List<Tile> batch = tiles.subList(i, Math.min(tiles.size(), i + BATCH));
      for (BlazeFace.Raw raw : run(batch, score)) {
        found.add(batch.get(raw.tile()).toPhoto(raw));
      }
    }
    return found;
  }

  /**
   * Looks at each candidate in a tile of its own with its face {@code face} px: the best detection
   * above {@code score} of the face at the tile's centre, in photo pixels, or null.
   */
  private FaceDetection[] look(Halvings halvings, List<FaceDetection> candidates, double face, double score) {
    FaceDetection[] found = new FaceDetection[candidates.size()];
    for (int i = 0; i < candidates.size(); i += BATCH) {
      List<Tile> batch = new ArrayList<>();
      for (FaceDetection c : candidates.subList(i, Math.min(candidates.size(), i + BATCH))) {
        batch.add(Tile.look(halvings, c, face));
      }
      BlazeFace.Raw[] best = new BlazeFace.Raw[batch.size()];
      for (BlazeFace.Raw raw : run(batch, score)) {
        int t = raw.tile();
        if (Tile.central(raw, face) && (best[t] == null || raw.score() > best[t].score())) {
          best[t] = raw;
        }
      }
      for (int t = 0; t < batch.size(); t++) {
        found[i + t] = best[t] == null ? null : batch.get(t).toPhoto(best[t]);
      }
    }
    return found;
  }

  /** One session call on up to {@link #BATCH} tiles, cut only now: a 12-megapixel photo has hundreds. */
  private List<BlazeFace.Raw> run(List<Tile> batch, double score) {
    float[] pixels = new float[batch.size() * Tile.VALUES];
    for (int t = 0; t < batch.size(); t++) {
      batch.get(t).fill(pixels, t * Tile.VALUES);
    }
    return blazeFace.detect(pixels, batch.size(), (float) score);
  }

  /**
   * The detections, most confident first, less those overlapping a better one; of the final
   * faces also those too small, and those much smaller than a better one and lying mostly inside
   * it (at a fine tile level the eyes of a face that fills the photo score as faces of their own;
   * a child's face cheek to cheek with a parent's is not that much smaller).
   */
  private List<FaceDetection> suppressed(List<FaceDetection> all, boolean last) {
    all.sort(Comparator.comparingDouble(FaceDetection::score).reversed());
    List<FaceDetection> kept = new ArrayList<>();
    for (FaceDetection d : all) {
      if (last && d.size() < SIZE_SLACK * minFace) {
        continue;
      }
      if (kept.stream().noneMatch(k -> FaceDetection.iou(k.box(), d.box()) > NMS_IOU
          || last && d.size() < INSIDE_SIZE * k.size() && FaceDetection.insideFraction(d.box(), k.box()) > INSIDE)) {
        kept.add(d);
      }
    }
    return kept;
  }

  /**
   * The tile sides, finest first: from the side in which the smallest face is {@link #MIN_FACE_IN_TILE}
   * px to one tile holding the whole photo in which a face as large as the photo's shorter side is
   * at most {@link #MAX_FACE_IN_TILE}, evenly spaced at most {@link #LEVEL_STEP} apart.
   */
  private List<Double> levels(int w, int h) {
    double top = Math.max(Math.max(w, h), Math.min(w, h) * BlazeFace.SIZE / MAX_FACE_IN_TILE);
    double bottom = Math.min(top, minFace * BlazeFace.SIZE / MIN_FACE_IN_TILE);
    int steps = (int) Math.ceil(Math.log(top / bottom) / Math.log(LEVEL_STEP) - 1e-9);
    List<Double> sides = new ArrayList<>();
    for (int i = 0; i <= steps; i++) {
      sides.add(bottom * Math.pow(top / bottom, steps == 0 ? 1 : (double) i / steps));
    }
    return sides;
  }

  /**
   * Tiles of side {@code side} (photo pixels) covering the photo, each overlapping its neighbour by
   * {@link #OVERLAP}, each a plain copy of the photo downscaled once so that the tile is 256 px.
   */
  private static List<Tile> level(Halvings halvings, double side) {
    int w = halvings.photo().getWidth();
    int h = halvings.photo().getHeight();
    double stride = side * (1 - OVERLAP);
    int nx = side >= w ? 1 : (int) Math.ceil((w - side) / stride) + 1;
    int ny = side >= h ? 1 : (int) Math.ceil((h - side) / stride) + 1;
    double scale = BlazeFace.SIZE / side;
    BufferedImage level = halvings.scaled(Math.max(1, (int) Math.round(w * scale)), Math.max(1, (int) Math.round(h * scale)));
    List<Tile> tiles = new ArrayList<>();
    for (int ty = 0; ty < ny; ty++) {
      for (int tx = 0; tx < nx; tx++) {
        // The last tile of a row or column ends at the photo's edge.
        double x0 = nx == 1 ? 0 : Math.min(tx * stride, w - side);
        double y0 = ny == 1 ? 0 : Math.min(ty * stride, h - side);
        AffineTransform toPhoto = new AffineTransform(1 / scale, 0, 0, 1 / scale, x0, y0);
        tiles.add(new Tile(toPhoto, level, (int) Math.round(x0 * scale), (int) Math.round(y0 * scale)));
      }
    }
    return tiles;
  }

  /** The photo and its halvings, made when first needed: downscaling by area, not by skipping pixels. */
  private static final class Halvings {
    private final List<BufferedImage> images = new ArrayList<>();

    Halvings(BufferedImage photo) {
      images.add(photo);
    }

    BufferedImage photo() {
      return images.get(0);
    }

    /** The smallest halving at least {@code w x h}: the photo itself if it is not that large. */
    BufferedImage atLeast(double w, double h) {
      int i = 0;
      while (true) {
        BufferedImage current = images.get(i);
        if (current.getWidth() / 2 < w || current.getHeight() / 2 < h) {
          return current;
        }
        if (i + 1 == images.size()) {
          images.add(resize(current, current.getWidth() / 2, current.getHeight() / 2));
        }
        i++;
      }
    }

    /** The photo at {@code w x h}: area-averaging by halving, then bilinear, so small faces do not alias. */
    BufferedImage scaled(int w, int h) {
      return resize(atLeast(w, h), w, h);
    }
  }

  /** {@code image} at {@code w x h}, bilinear; callers halve first where they shrink by more than two. */
  static BufferedImage resize(BufferedImage image, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  /**
   * One 256x256 tile: how its pixels map to the photo's, and where they come from. A scan tile is a
   * plain copy of a downscaled level; a look is drawn, turned and scaled, from a halving.
   */
  private static final class Tile {
    static final int VALUES = BlazeFace.SIZE * BlazeFace.SIZE * 3;
    final AffineTransform toPhoto;
    final BufferedImage source;
    final int x0;
    final int y0;

    Tile(AffineTransform toPhoto, BufferedImage source, int x0, int y0) {
      this.toPhoto = toPhoto;
      this.source = source;
      this.x0 = x0;
      this.y0 = y0;
    }

    /**
     * A look at a candidate: centred on its box, turned so that its eyes are level, scaled so that
     * its face is {@code face} px. Drawn from the halving nearest above that scale.
     */
    static Tile look(Halvings halvings, FaceDetection candidate, double face) {
      Point2D left = candidate.keypoints().get(0);
      Point2D right = candidate.keypoints().get(1);
      double angle = Math.atan2(right.getY() - left.getY(), right.getX() - left.getX());
      double scale = candidate.size() / face; // photo pixels per tile pixel
      AffineTransform toPhoto = new AffineTransform();
      toPhoto.translate(candidate.box().getCenterX(), candidate.box().getCenterY());
      toPhoto.rotate(angle);
      toPhoto.scale(scale, scale);
      toPhoto.translate(-BlazeFace.SIZE / 2.0, -BlazeFace.SIZE / 2.0);
      BufferedImage photo = halvings.photo();
      BufferedImage from = halvings.atLeast(photo.getWidth() / scale, photo.getHeight() / scale);
      BufferedImage tile = new BufferedImage(BlazeFace.SIZE, BlazeFace.SIZE, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = tile.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      // Photo to tile is the inverse: scale, rotate back, centre.
      AffineTransform fromToTile = new AffineTransform();
      fromToTile.translate(BlazeFace.SIZE / 2.0, BlazeFace.SIZE / 2.0);
      fromToTile.scale(1 / scale, 1 / scale);
      fromToTile.rotate(-angle);
      fromToTile.translate(-candidate.box().getCenterX(), -candidate.box().getCenterY());
      fromToTile.scale((double) photo.getWidth() / from.getWidth(), (double) photo.getHeight() / from.getHeight());
      g.drawImage(from, fromToTile, null);
      g.dispose();
      return new Tile(toPhoto, tile, 0, 0);
    }

    /** A look's detection is of its face ({@code face} px): centred within half the face, of about its size. */
    static boolean central(BlazeFace.Raw raw, double face) {
      double half = face / 2 / BlazeFace.SIZE;
      double size = Math.max(raw.w(), raw.h()) * BlazeFace.SIZE;
      return Math.abs(raw.cx() - 0.5) <= half && Math.abs(raw.cy() - 0.5) <= half
          && size >= face / 2 && size <= face * 2;
    }

    /** Writes the tile's RGB values in 0..1 into {@code pixels} from {@code offset}; black outside the photo. */
    void fill(float[] pixels, int offset) {
      int n = BlazeFace.SIZE;
      int[] data = ((DataBufferInt) source.getRaster().getDataBuffer()).getData();
      int sw = source.getWidth();
      int w = Math.min(n, sw - x0);
      int h = Math.min(n, source.getHeight() - y0);
      for (int y = 0; y < h; y++) {
        int row = (y0 + y) * sw + x0;
        for (int x = 0; x < w; x++) {
          int rgb = data[row + x];
          int i = offset + (y * n + x) * 3;
          pixels[i] = ((rgb >> 16) & 0xff) / 255f;
          pixels[i + 1] = ((rgb >> 8) & 0xff) / 255f;
          pixels[i + 2] = (rgb & 0xff) / 255f;
        }
      }
    }

    /** The detection in photo pixels: an upright box of the face's own size about its centre. */
    FaceDetection toPhoto(BlazeFace.Raw raw) {
      double n = BlazeFace.SIZE;
      double scale = Math.hypot(toPhoto.getScaleX(), toPhoto.getShearY());
      Point2D centre = toPhoto.transform(new Point2D.Double(raw.cx() * n, raw.cy() * n), null);
      double bw = raw.w() * n * scale;
      double bh = raw.h() * n * scale;
      Rectangle2D box = new Rectangle2D.Double(centre.getX() - bw / 2, centre.getY() - bh / 2, bw, bh);
      List<Point2D> points = new ArrayList<>();
      for (int k = 0; k < BlazeFace.KEYPOINTS; k++) {
        points.add(toPhoto.transform(new Point2D.Double(raw.keypoints()[2 * k] * n, raw.keypoints()[2 * k + 1] * n), null));
      }
      return new FaceDetection(box, points, raw.score());
    }
  }

  @Override
  public void close() {
    blazeFace.close();
  }
}
