package dev.fawkes.tf.cloak.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fawkes.tf.testing.SsimReference;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The graph's face-box DSSIM against the plain-Java reference. */
class SsimTest {
  private static final int SIZE = 48;
  private static final float[] BOX = {0.25f, 0.2f, 0.75f, 0.8f};

  @Test
  void dssimOverTheFaceBoxIsTheLargerOfTheBoxAndTheWholeCrop() {
    Random random = new Random(7);
    float[] original = new float[SIZE * SIZE * 3];
    for (int i = 0; i < original.length; i++) {
      original[i] = 0.2f + 0.6f * random.nextFloat();
    }
    float[] inside = perturb(original, random, true);
    float[] outside = perturb(original, random, false);

    double insideBox = SsimReference.dssim(original, inside, SIZE, box());
    double insideWhole = SsimReference.dssim(original, inside, SIZE);
    double outsideBox = SsimReference.dssim(original, outside, SIZE, box());
    double outsideWhole = SsimReference.dssim(original, outside, SIZE);
    // A change on the face weighs more on the face box; one around it only on the whole crop.
    assertThat(insideBox).isGreaterThan(insideWhole);
    assertThat(outsideWhole).isGreaterThan(outsideBox);

    float[] graph = graphDssim(original, new float[][] {inside, outside});
    assertThat((double) graph[0]).isCloseTo(Math.max(insideBox, insideWhole), within(1e-5));
    assertThat((double) graph[1]).isCloseTo(Math.max(outsideBox, outsideWhole), within(1e-5));
  }

  private static double[] box() {
    return new double[] {BOX[0], BOX[1], BOX[2], BOX[3]};
  }

  /** Noise of amplitude 0.05 inside the box only, or outside it only. */
  private static float[] perturb(float[] image, Random random, boolean insideBox) {
    float[] out = image.clone();
    for (int i = 0; i < SIZE; i++) {
      for (int j = 0; j < SIZE; j++) {
        double u = (i + 0.5) / SIZE;
        double v = (j + 0.5) / SIZE;
        boolean in = u >= BOX[0] && u <= BOX[2] && v >= BOX[1] && v <= BOX[3];
        if (in == insideBox) {
          for (int c = 0; c < 3; c++) {
            out[(i * SIZE + j) * 3 + c] += (random.nextFloat() * 2 - 1) * 0.05f;
          }
        }
      }
    }
    return out;
  }

  private static float[] graphDssim(float[] original, float[][] changed) {
    int n = changed.length;
    float[] x = new float[n * original.length];
    float[] y = new float[n * original.length];
    float[] boxes = new float[n * 4];
    for (int b = 0; b < n; b++) {
      System.arraycopy(changed[b], 0, x, b * original.length, original.length);
      System.arraycopy(original, 0, y, b * original.length, original.length);
      System.arraycopy(BOX, 0, boxes, b * 4, 4);
    }
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      Shape shape = Shape.of(n, SIZE, SIZE, 3);
      Operand<TFloat32> dssim = Ssim.dssim(tf, tf.constant(shape, DataBuffers.of(x)), tf.constant(shape, DataBuffers.of(y)),
          tf.constant(Shape.of(n, 4), DataBuffers.of(boxes)), SIZE);
      try (Result r = session.runner().fetch(dssim).run()) {
        float[] values = new float[n];
        ((TFloat32) r.get(0)).asRawTensor().data().asFloats().read(values);
        return values;
      }
    }
  }
}
