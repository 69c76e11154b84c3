package dev.fawkes.bench;

import static com.google.common.base.Preconditions.checkArgument;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A fixed square box cut out of every image: the stand-in for face alignment on LFW's
 * deep-funneled 250x250 images, where faces sit at nearly the same place.
 *
 * @param x left edge
 * @param y top edge
 * @param size side length
 */
public record FaceCrop(int x, int y, int size) {
  /** Validates the box. */
  public FaceCrop {
    checkArgument(x >= 0 && y >= 0 && size > 0, "crop (%s, %s, %s) must have x, y >= 0 and size > 0", x, y, size);
  }

  /** Parses {@code x,y,size}. */
  public static FaceCrop parse(String s) {
    String[] parts = s.split(",");
    checkArgument(parts.length == 3, "crop '%s' must be x,y,size", s);
    return new FaceCrop(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
        Integer.parseInt(parts[2].trim()));
  }

  /** Reads an image and returns this box of it as TYPE_INT_RGB. */
  public BufferedImage read(Path file) {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    checkArgument(image != null, "%s is not an image", file);
    checkArgument(x + size <= image.getWidth() && y + size <= image.getHeight(),
        "crop %s does not fit %s (%sx%s)", this, file, image.getWidth(), image.getHeight());
    BufferedImage crop = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    crop.getGraphics().drawImage(image, -x, -y, null);
    return crop;
  }

  @Override
  public String toString() {
    return x + "," + y + "," + size;
  }
}
