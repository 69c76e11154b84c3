package dev.fawkes.tf.testing;

import dev.fawkes.tf.model.LfwBox;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Face crops for tests: LFW deep-funneled images are 250x250 with the face near the centre. */
public final class Faces {
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

  /** The canonical crop of an LFW image: its {@link LfwBox}. */
  public static BufferedImage canonicalCrop(Path lfwImage) {
    return read(lfwImage).getSubimage(LfwBox.X, LfwBox.Y, LfwBox.SIZE, LfwBox.SIZE);
  }

  /**
   * The photo scaled by {@code factor} with a bicubic filter, as a camera of another resolution
   * would take it (upscaled photos lack real skin texture).
   */
  public static BufferedImage scaled(BufferedImage photo, double factor) {
    int width = (int) Math.round(photo.getWidth() * factor);
    int height = (int) Math.round(photo.getHeight() * factor);
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.drawImage(photo, 0, 0, width, height, null);
    g.dispose();
    return out;
  }

  /** Canonical crops of several LFW images. */
  public static List<BufferedImage> canonicalCrops(List<Path> lfwImages) {
    return lfwImages.stream().map(Faces::canonicalCrop).toList();
  }
}
