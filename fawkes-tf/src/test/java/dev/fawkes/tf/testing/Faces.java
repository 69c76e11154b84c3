package dev.fawkes.tf.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Face crops for tests: LFW deep-funneled images are 250x250 with the face near the centre. */
public final class Faces {
  /** The fixed central box used until the face aligner exists: x 69..181, y 57..169 (112 px). */
  public static final int CROP_X = 69;
  public static final int CROP_Y = 57;
  public static final int CROP_SIZE = 112;

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

  /** The fixed central crop of an LFW image. */
  public static BufferedImage centralCrop(Path lfwImage) {
    return read(lfwImage).getSubimage(CROP_X, CROP_Y, CROP_SIZE, CROP_SIZE);
  }

  /** Central crops of several LFW images. */
  public static List<BufferedImage> centralCrops(List<Path> lfwImages) {
    return lfwImages.stream().map(Faces::centralCrop).toList();
  }
}
