package dev.fawkes.tf.cloak.internal;

import dev.fawkes.quality.ImageQuality;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * SSIM (Wang et al. 2004) as graph ops: 11x11 Gaussian window with sigma 1.5, per channel, for
 * images in 0..1 (C1 = 0.01^2, C2 = 0.03^2), averaged over pixels and channels. The border is
 * reflect-padded so that every pixel, the outermost 5 included, is inside the measured window: a
 * VALID window would leave the crop's edge unconstrained and the perturbation would pile up there.
 */
final class Ssim {
  private static final float C1 = 0.01f * 0.01f;
  private static final float C2 = 0.03f * 0.03f;

  private Ssim() {}

  /** The normalised 1-D Gaussian window of SSIM, as the plain-Java measures define it. */
  static float[] gaussian() {
    return ImageQuality.gaussian(ImageQuality.WINDOW, ImageQuality.SIGMA);
  }

  /** A normalised 1-D Gaussian of {@code width} taps. */
  static float[] gaussian(int width, double sigma) {
    return ImageQuality.gaussian(width, sigma);
  }

  /** Gaussian blur of an NHWC RGB batch, per channel, reflect-padded to keep the size. */
  static Operand<TFloat32> gaussianBlur(Ops tf, Operand<TFloat32> x, double sigma) {
    int width = 2 * (int) Math.ceil(2 * sigma) + 1;
    return blur(tf, new Window(tf, gaussian(width, sigma)), x);
  }

  /**
   * A Gaussian window as two depthwise kernels, a column [W,1,3,1] and a row [1,W,3,1]: the filter
   * is separable, so two passes of W taps do the work of one of W x W (11 x 11 = 121 taps against
   * 22 for SSIM's window), forward and backward.
   */
  private record Window(Operand<TFloat32> column, Operand<TFloat32> row, int width) {
    Window(Ops tf, float[] g) {
      this(tf.constant(kernel(g, true)), tf.constant(kernel(g, false)), g.length);
    }

    private static float[][][][] kernel(float[] g, boolean column) {
      float[][][][] kernel = column ? new float[g.length][1][3][1] : new float[1][g.length][3][1];
      for (int i = 0; i < g.length; i++) {
        for (int c = 0; c < 3; c++) {
          (column ? kernel[i][0] : kernel[0][i])[c][0] = g[i];
        }
      }
      return kernel;
    }
  }

  /**
   * What SSIM needs of the reference images: their local means and local means of squares. They do
   * not change while a cloak is optimized, so the cloak computes them once per batch.
   */
  record Reference(Operand<TFloat32> mean, Operand<TFloat32> meanOfSquares) {}

  /** The local statistics of reference images {@code y}. */
  static Reference reference(Ops tf, Operand<TFloat32> y) {
    Window window = new Window(tf, gaussian());
    return new Reference(blur(tf, window, y), blur(tf, window, tf.math.mul(y, y)));
  }

  /**
   * Per-image DSSIM over a box of each image (SSIM still sees the pixels around it) or over the
   * whole image, whichever is larger, for batches of side {@code size}; shape [N].
   *
   * @param box per image [top, left, bottom, right] as fractions of the side, shape [N, 4]
   */
  static Operand<TFloat32> dssim(Ops tf, Operand<TFloat32> x, Operand<TFloat32> y, Operand<TFloat32> box, int size) {
    return dssim(tf, x, y, reference(tf, y), box, size, false);
  }

  /**
   * As above, with the reference's statistics given (computed once, not per step), and with
   * {@code centralHalf} also over the middle 50% of the box in each direction, whichever is largest.
   */
  static Operand<TFloat32> dssim(Ops tf, Operand<TFloat32> x, Operand<TFloat32> y, Reference reference,
      Operand<TFloat32> box, int size, boolean centralHalf) {
    float[] centres = new float[size];
    for (int i = 0; i < size; i++) {
      centres[i] = (i + 0.5f) / size;
    }
    Operand<TFloat32> rows = tf.reshape(tf.constant(centres), tf.constant(new int[] {1, size, 1}));
    Operand<TFloat32> cols = tf.reshape(tf.constant(centres), tf.constant(new int[] {1, 1, size}));
    List<Operand<TFloat32>> sides = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Operand<TFloat32> side = tf.slice(box, tf.constant(new int[] {0, i}), tf.constant(new int[] {-1, 1}));
      sides.add(tf.reshape(side, tf.constant(new int[] {-1, 1, 1})));
    }
    Operand<TFloat32> map = ssimMap(tf, x, y, reference);
    Operand<TFloat32> whole = tf.math.mean(map, tf.constant(new int[] {1, 2}), Mean.keepDims(false));
    Operand<TFloat32> ssim = tf.math.minimum(meanOver(tf, map, rows, cols, sides), whole);
    if (centralHalf) {
      // [top, left, bottom, right] moved a quarter of the box's height and width inwards.
      Operand<TFloat32> quarterH = tf.math.mul(tf.math.sub(sides.get(2), sides.get(0)), tf.constant(0.25f));
      Operand<TFloat32> quarterW = tf.math.mul(tf.math.sub(sides.get(3), sides.get(1)), tf.constant(0.25f));
      List<Operand<TFloat32>> central = List.of(tf.math.add(sides.get(0), quarterH), tf.math.add(sides.get(1), quarterW),
          tf.math.sub(sides.get(2), quarterH), tf.math.sub(sides.get(3), quarterW));
      ssim = tf.math.minimum(ssim, meanOver(tf, map, rows, cols, central));
    }
    return tf.math.mul(tf.math.sub(tf.constant(1f), ssim), tf.constant(0.5f));
  }

  /** The mean of an SSIM map over each image's box, given as [top, left, bottom, right] fractions of shape [N,1,1]. */
  private static Operand<TFloat32> meanOver(Ops tf, Operand<TFloat32> map, Operand<TFloat32> rows, Operand<TFloat32> cols,
      List<Operand<TFloat32>> sides) {
    Operand<TFloat32> inRows = tf.math.mul(step(tf, rows, sides.get(0)), step(tf, sides.get(2), rows));
    Operand<TFloat32> inCols = tf.math.mul(step(tf, cols, sides.get(1)), step(tf, sides.get(3), cols));
    Operand<TFloat32> mask = tf.math.mul(inRows, inCols); // [N, S, S]
    Operand<TFloat32> sum = tf.reduceSum(tf.math.mul(map, mask), tf.constant(new int[] {1, 2}));
    Operand<TFloat32> area = tf.math.maximum(tf.reduceSum(mask, tf.constant(new int[] {1, 2})), tf.constant(1f));
    return tf.math.div(sum, area);
  }

  /** 1 where a >= b, else 0. */
  private static Operand<TFloat32> step(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
    return tf.dtypes.cast(tf.math.greaterEqual(a, b), TFloat32.class);
  }

  /** SSIM per pixel, averaged over channels: [N, H, W]. */
  private static Operand<TFloat32> ssimMap(Ops tf, Operand<TFloat32> x, Operand<TFloat32> y, Reference reference) {
    Window window = new Window(tf, gaussian());
    Operand<TFloat32> muX = blur(tf, window, x);
    Operand<TFloat32> muY = reference.mean();
    Operand<TFloat32> muXX = tf.math.mul(muX, muX);
    Operand<TFloat32> muYY = tf.math.mul(muY, muY);
    Operand<TFloat32> muXY = tf.math.mul(muX, muY);
    Operand<TFloat32> varX = tf.math.sub(blur(tf, window, tf.math.mul(x, x)), muXX);
    Operand<TFloat32> varY = tf.math.sub(reference.meanOfSquares(), muYY);
    Operand<TFloat32> covXY = tf.math.sub(blur(tf, window, tf.math.mul(x, y)), muXY);
    Operand<TFloat32> two = tf.constant(2f);
    Operand<TFloat32> numerator = tf.math.mul(
        tf.math.add(tf.math.mul(two, muXY), tf.constant(C1)),
        tf.math.add(tf.math.mul(two, covXY), tf.constant(C2)));
    Operand<TFloat32> denominator = tf.math.mul(
        tf.math.add(tf.math.add(muXX, muYY), tf.constant(C1)),
        tf.math.add(tf.math.add(varX, varY), tf.constant(C2)));
    return tf.math.mean(tf.math.div(numerator, denominator), tf.constant(3), Mean.keepDims(false));
  }

  private static Operand<TFloat32> blur(Ops tf, Window window, Operand<TFloat32> image) {
    int pad = window.width() / 2;
    Operand<TFloat32> padded = tf.mirrorPad(image,
        tf.constant(new int[][] {{0, 0}, {pad, pad}, {pad, pad}, {0, 0}}), "REFLECT");
    Operand<TFloat32> columns = tf.nn.depthwiseConv2dNative(padded, window.column(), List.of(1L, 1L, 1L, 1L), "VALID");
    return tf.nn.depthwiseConv2dNative(columns, window.row(), List.of(1L, 1L, 1L, 1L), "VALID");
  }
}
