package dev.fawkes.bench.eval;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * What happens to a photo between the cloak and the tracker: encoding (PNG, JPEG), downscaling
 * and blur. Each returns a new TYPE_INT_RGB image.
 */
final class Degradation {
  private Degradation() {}

  /** A degradation by its report name: {@code jpeg70}, {@code downscale2} or {@code blur1}. */
  static UnaryOperator<BufferedImage> named(String name) {
    return switch (name) {
      case "jpeg70" -> image -> jpeg(image, 70);
      case "downscale2" -> Degradation::downscale2;
      case "blur1" -> image -> blur(image, 1.0);
      default -> throw new IllegalArgumentException("unknown degradation '" + name + "'");
    };
  }

  /** Encodes as PNG and decodes again: lossless, so only the 8-bit rounding remains. */
  static BufferedImage png(BufferedImage image) {
    return decode(encode(image, "png", 0));
  }

  /** Encodes as JPEG of {@code quality} (0..100) and decodes again. */
  static BufferedImage jpeg(BufferedImage image, int quality) {
    return decode(encode(image, "jpeg", quality));
  }

  /** Halves both sides with area averaging, as photo sites do for previews. */
  static BufferedImage downscale2(BufferedImage image) {
    int w = Math.max(1, image.getWidth() / 2);
    int h = Math.max(1, image.getHeight() / 2);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = 0;
        int g = 0;
        int b = 0;
        for (int dy = 0; dy < 2; dy++) {
          for (int dx = 0; dx < 2; dx++) {
            int p = image.getRGB(2 * x + dx, 2 * y + dy);
            r += (p >> 16) & 0xff;
            g += (p >> 8) & 0xff;
            b += p & 0xff;
          }
        }
        out.setRGB(x, y, ((r + 2) / 4) << 16 | ((g + 2) / 4) << 8 | (b + 2) / 4);
      }
    }
    return out;
  }

  /**
   * Enlarges both sides {@code factor} times with a bicubic filter: the high-resolution variant's
   * stand-in for a photo taken at a higher resolution than LFW's.
   */
  static BufferedImage upscale(BufferedImage image, int factor) {
    if (factor == 1) {
      return image;
    }
    BufferedImage out = new BufferedImage(image.getWidth() * factor, image.getHeight() * factor, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.drawImage(image, 0, 0, out.getWidth(), out.getHeight(), null);
    g.dispose();
    return out;
  }

  /** Gaussian blur of {@code sigma} pixels, separable, with the border clamped. */
  static BufferedImage blur(BufferedImage image, double sigma) {
    int radius = (int) Math.ceil(3 * sigma);
    float[] k = new float[2 * radius + 1];
    float sum = 0;
    for (int i = -radius; i <= radius; i++) {
      k[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
      sum += k[i + radius];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    int w = image.getWidth();
    int h = image.getHeight();
    float[][] channels = new float[3][w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = image.getRGB(x, y);
        channels[0][y * w + x] = (p >> 16) & 0xff;
        channels[1][y * w + x] = (p >> 8) & 0xff;
        channels[2][y * w + x] = p & 0xff;
      }
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[][] blurred = new int[3][];
    for (int c = 0; c < 3; c++) {
      float[] tmp = new float[w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float s = 0;
          for (int i = -radius; i <= radius; i++) {
            s += k[i + radius] * channels[c][y * w + Math.min(w - 1, Math.max(0, x + i))];
          }
          tmp[y * w + x] = s;
        }
      }
      blurred[c] = new int[w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float s = 0;
          for (int i = -radius; i <= radius; i++) {
            s += k[i + radius] * tmp[Math.min(h - 1, Math.max(0, y + i)) * w + x];
          }
          blurred[c][y * w + x] = Math.min(255, Math.max(0, Math.round(s)));
        }
      }
    }
    for (int i = 0; i < w * h; i++) {
      out.setRGB(i % w, i / w, blurred[0][i] << 16 | blurred[1][i] << 8 | blurred[2][i]);
    }
    return out;
  }

  private static byte[] encode(BufferedImage image, String format, int quality) {
    BufferedImage rgb = image;
    if (image.getType() != BufferedImage.TYPE_INT_RGB) {
      rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
      Graphics2D g = rgb.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(image, 0, 0, null);
      g.dispose();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (format.equals("png")) {
        ImageIO.write(rgb, "png", bytes);
      } else {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
          writer.setOutput(out);
          ImageWriteParam param = writer.getDefaultWriteParam();
          param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
          param.setCompressionQuality(quality / 100f);
          writer.write(null, new IIOImage(rgb, null, null), param);
        } finally {
          writer.dispose();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static BufferedImage decode(byte[] bytes) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
      Graphics2D g = rgb.createGraphics();
      g.drawImage(image, 0, 0, null);
      g.dispose();
      return rgb;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
