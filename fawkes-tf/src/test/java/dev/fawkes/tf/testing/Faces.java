package dev.fawkes.tf.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Face crops for tests: LFW deep-funneled images are 250x250 with the face near the centre. */
public final class Faces {
  /** The canonical aligned crop of an LFW image: x 35..215, y 30..210 (180 px). */
  public static final int CROP_X = 35;
  public static final int CROP_Y = 30;
  public static final int CROP_SIZE = 180;

  private Faces() {}

  /** Reads an image as TYPE_INT_RGB. */
  public static BufferedImage read(Path file) {
    try {
      BufferedImage image = ImageIO.read(file.toFile());
      if (image == null) {
        throw new IllegalArgumentException("not an image: " + file);
      }
      BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
      rgb.getGraphics().drawImage(image, 0, 0, null);
      return rgb;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The canonical crop of an LFW image. */
  public static BufferedImage canonicalCrop(Path lfwImage) {
    return read(lfwImage).getSubimage(CROP_X, CROP_Y, CROP_SIZE, CROP_SIZE);
  }

  /** Canonical crops of several LFW images. */
  public static List<BufferedImage> canonicalCrops(List<Path> lfwImages) {
    return lfwImages.stream().map(Faces::canonicalCrop).toList();
  }
}
