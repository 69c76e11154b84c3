package dev.fawkes.tf.model;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.awt.image.BufferedImage;
import java.util.List;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Images of one size as an NHWC float array of RGB values in 0..1, the form every graph of the
 * library takes. The array is not copied: callers must not change it afterwards.
 *
 * @param count the number of images, at least 1
 * @param height rows per image, at least 1
 * @param width columns per image, at least 1
 * @param pixels {@code count * height * width * 3} values, row-major, RGB interleaved
 */
public record ImageBatch(int count, int height, int width, float[] pixels) {
  /** Validates the dimensions against the array. */
  public ImageBatch {
    checkArgument(count >= 1 && height >= 1 && width >= 1,
        "count, height and width (%s, %s, %s) must be at least 1", count, height, width);
    checkNotNull(pixels, "pixels");
    checkArgument((long) count * height * width * 3 == pixels.length,
        "pixels has %s values, expected count * height * width * 3 = %s",
        pixels.length, (long) count * height * width * 3);
  }

  /**
   * Converts images of one size to a batch.
   *
   * @throws IllegalArgumentException if the list is empty or the sizes differ
   */
  public static ImageBatch of(List<BufferedImage> images) {
    checkNotNull(images, "images");
    checkArgument(!images.isEmpty(), "images must not be empty");
    int h = images.get(0).getHeight();
    int w = images.get(0).getWidth();
    float[] pixels = new float[images.size() * h * w * 3];
    int[] row = new int[w];
    int k = 0;
    for (BufferedImage image : images) {
      checkNotNull(image, "images contains null");
      checkArgument(image.getHeight() == h && image.getWidth() == w,
          "all images must be %sx%s, found %sx%s", w, h, image.getWidth(), image.getHeight());
      for (int y = 0; y < h; y++) {
        image.getRGB(0, y, w, 1, row, 0, w);
        for (int rgb : row) {
          pixels[k++] = ((rgb >> 16) & 0xff) / 255f;
          pixels[k++] = ((rgb >> 8) & 0xff) / 255f;
          pixels[k++] = (rgb & 0xff) / 255f;
        }
      }
    }
    return new ImageBatch(images.size(), h, w, pixels);
  }

  /** Returns a new tensor of shape [count, height, width, 3]; the caller closes it. */
  public TFloat32 toTensor() {
    return TFloat32.tensorOf(Shape.of(count, height, width, 3), DataBuffers.of(pixels, true, false));
  }
}
