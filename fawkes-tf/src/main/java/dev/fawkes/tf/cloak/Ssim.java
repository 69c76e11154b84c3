package dev.fawkes.tf.cloak;

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
  static final int WINDOW = 11;
  static final double SIGMA = 1.5;
  private static final float C1 = 0.01f * 0.01f;
  private static final float C2 = 0.03f * 0.03f;

  private Ssim() {}

  /** The normalised 1-D Gaussian window. */
  static float[] gaussian() {
    float[] g = new float[WINDOW];
    double sum = 0;
    for (int i = 0; i < WINDOW; i++) {
      double d = i - WINDOW / 2;
      g[i] = (float) Math.exp(-d * d / (2 * SIGMA * SIGMA));
      sum += g[i];
    }
    for (int i = 0; i < WINDOW; i++) {
      g[i] /= (float) sum;
    }
    return g;
  }

  /** Per-image DSSIM = (1 - SSIM) / 2 of two NHWC batches of RGB in 0..1; shape [N]. */
  static Operand<TFloat32> dssim(Ops tf, Operand<TFloat32> x, Operand<TFloat32> y) {
    float[] g = gaussian();
    float[][][][] kernel = new float[WINDOW][WINDOW][3][1];
    for (int i = 0; i < WINDOW; i++) {
      for (int j = 0; j < WINDOW; j++) {
        for (int c = 0; c < 3; c++) {
          kernel[i][j][c][0] = g[i] * g[j];
        }
      }
    }
    Operand<TFloat32> window = tf.constant(kernel);
    Operand<TFloat32> muX = blur(tf, window, x);
    Operand<TFloat32> muY = blur(tf, window, y);
    Operand<TFloat32> muXX = tf.math.mul(muX, muX);
    Operand<TFloat32> muYY = tf.math.mul(muY, muY);
    Operand<TFloat32> muXY = tf.math.mul(muX, muY);
    Operand<TFloat32> varX = tf.math.sub(blur(tf, window, tf.math.mul(x, x)), muXX);
    Operand<TFloat32> varY = tf.math.sub(blur(tf, window, tf.math.mul(y, y)), muYY);
    Operand<TFloat32> covXY = tf.math.sub(blur(tf, window, tf.math.mul(x, y)), muXY);
    Operand<TFloat32> two = tf.constant(2f);
    Operand<TFloat32> numerator = tf.math.mul(
        tf.math.add(tf.math.mul(two, muXY), tf.constant(C1)),
        tf.math.add(tf.math.mul(two, covXY), tf.constant(C2)));
    Operand<TFloat32> denominator = tf.math.mul(
        tf.math.add(tf.math.add(muXX, muYY), tf.constant(C1)),
        tf.math.add(tf.math.add(varX, varY), tf.constant(C2)));
    Operand<TFloat32> ssim = tf.math.mean(tf.math.div(numerator, denominator), tf.constant(new int[] {1, 2, 3}),
        Mean.keepDims(false));
    return tf.math.mul(tf.math.sub(tf.constant(1f), ssim), tf.constant(0.5f));
  }

  private static Operand<TFloat32> blur(Ops tf, Operand<TFloat32> window, Operand<TFloat32> image) {
    int pad = WINDOW / 2;
    Operand<TFloat32> padded = tf.mirrorPad(image,
        tf.constant(new int[][] {{0, 0}, {pad, pad}, {pad, pad}, {0, 0}}), "REFLECT");
    return tf.nn.depthwiseConv2dNative(padded, window, List.of(1L, 1L, 1L, 1L), "VALID");
  }
}
