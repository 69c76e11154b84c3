package dev.fawkes.tf.model;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/**
 * Images of one size as NHWC float values of RGB in 0..1, the form every graph of the library
 * takes. Immutable and thread-safe: the values are copied in and out.
 */
public final class ImageBatch {
  /** The number of images, at least 1. */
  private final int count;
  /** Rows per image, at least 1. */
  private final int height;
  /** Columns per image, at least 1. */
  private final int width;
  /** {@code count * height * width * 3} values, row-major, RGB interleaved; never changed. */
  private final float[] pixels;

  private ImageBatch(int count, int height, int width, float[] pixels) {
    this.count = count;
    this.height = height;
    this.width = width;
    this.pixels = pixels;
  }

  /**
   * A batch of the given values, which are copied.
   *
   * @param count the number of images, at least 1
   * @param height rows per image, at least 1
   * @param width columns per image, at least 1
   * @param pixels {@code count * height * width * 3} values, row-major, RGB interleaved
   * @return the batch
   * @throws IllegalArgumentException if a dimension is below 1 or the array's length does not match
   */
  public static ImageBatch of(int count, int height, int width, float[] pixels) {
    checkArgument(count >= 1 && height >= 1 && width >= 1,
        "count, height and width (%s, %s, %s) must be at least 1", count, height, width);
    checkNotNull(pixels, "pixels");
    checkArgument((long) count * height * width * 3 == pixels.length,
        "pixels has %s values, expected count * height * width * 3 = %s",
        pixels.length, (long) count * height * width * 3);
    return new ImageBatch(count, height, width, pixels.clone());
  }

  /**
   * Converts images of one size to a batch.
   *
   * @param images the images, all of one size
   * @return the batch, in the order of {@code images}
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

  /**
   * The number of images.
   *
   * @return at least 1
   */
  public int count() {
    return count;
  }

  /**
   * Rows per image.
   *
   * @return at least 1
   */
  public int height() {
    return height;
  }

  /**
   * Columns per image.
   *
   * @return at least 1
   */
  public int width() {
    return width;
  }

  /**
   * The values, row-major, RGB interleaved.
   *
   * @return a new array of {@code count * height * width * 3} values
   */
  public float[] pixels() {
    return pixels.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ImageBatch b && count == b.count && height == b.height && width == b.width
        && Arrays.equals(pixels, b.pixels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * count + height) + width) + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "ImageBatch[" + count + " x " + width + "x" + height + "]";
  }
}
