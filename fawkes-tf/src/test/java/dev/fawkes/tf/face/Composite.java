package dev.fawkes.tf.face;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/** Builds test photos: rotated, scaled and combined copies of real ones. */
final class Composite {
  private Composite() {}

  /** The photo rotated by {@code angle} (radians, clockwise on screen) and scaled, on a grey canvas. */
  static BufferedImage rotated(BufferedImage photo, double angle, double scale) {
    int side = (int) Math.ceil(Math.hypot(photo.getWidth(), photo.getHeight()) * scale);
    BufferedImage out = canvas(side, side);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    AffineTransform t = new AffineTransform();
    t.translate(side / 2.0, side / 2.0);
    t.rotate(angle);
    t.scale(scale, scale);
    t.translate(-photo.getWidth() / 2.0, -photo.getHeight() / 2.0);
    g.drawImage(photo, t, null);
    g.dispose();
    return out;
  }

  /** Rotated by 90 degrees: {@code direction} 1 clockwise, -1 counter-clockwise. */
  static BufferedImage rotate90(BufferedImage photo, int direction) {
    int w = photo.getWidth();
    int h = photo.getHeight();
    BufferedImage out = new BufferedImage(h, w, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (direction > 0) {
          out.setRGB(h - 1 - y, x, photo.getRGB(x, y));
        } else {
          out.setRGB(y, w - 1 - x, photo.getRGB(x, y));
        }
      }
    }
    return out;
  }

  static BufferedImage canvas(int w, int h) {
    return canvas(w, h, new Color(128, 128, 128));
  }

  /** A plain canvas of one colour. */
  static BufferedImage canvas(int w, int h, Color colour) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(colour);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return out;
  }
}
