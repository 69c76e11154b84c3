package dev.fawkes.tf.face;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

/** Face-free test pictures, generated from a seed: noise, blotches, gradients, checkerboards, stripes. */
final class Textures {
  private Textures() {}

  /** Every kind, by name, for tables. */
  enum Kind {
    NOISE, BLOTCHES, FINE_BLOTCHES, GRADIENT, CHECKERBOARD, STRIPES;

    BufferedImage paint(int w, int h, long seed) {
      Random random = new Random(seed);
      return switch (this) {
        case NOISE -> noise(w, h, random);
        case BLOTCHES -> blotches(w, h, random);
        case FINE_BLOTCHES -> blotches(w, h, 8, random);
        case GRADIENT -> gradient(w, h, random);
        case CHECKERBOARD -> checkerboard(w, h, random);
        case STRIPES -> stripes(w, h, random);
      };
    }
  }

  /** Independent random colour per pixel. */
  static BufferedImage noise(int w, int h, Random random) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        row[x] = random.nextInt(1 << 24);
      }
      out.setRGB(0, y, w, 1, row, 0, w);
    }
    return out;
  }

  /** Smooth coloured blotches at three scales (up to a sixth of the picture), with fine grain on top. */
  static BufferedImage blotches(int w, int h, Random random) {
    return blotches(w, h, Math.max(w, h) / 6, random);
  }

  /** Blotches from {@code largest} px down to a quarter of it, with grain. */
  static BufferedImage blotches(int w, int h, int largest, Random random) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.setComposite(java.awt.AlphaComposite.getInstance(java.awt.AlphaComposite.SRC_OVER, 0.5f));
    for (int cell = Math.max(2, largest); cell >= Math.max(2, largest / 4); cell /= 2) {
      int cw = w / cell + 2;
      int ch = h / cell + 2;
      g.drawImage(noise(cw, ch, random), -cell, -cell, cw * cell, ch * cell, null);
    }
    g.dispose();
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      out.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int grain = random.nextInt(17) - 8;
        int r = clamp(((row[x] >> 16) & 0xff) + grain);
        int gr = clamp(((row[x] >> 8) & 0xff) + grain);
        int b = clamp((row[x] & 0xff) + grain);
        row[x] = r << 16 | gr << 8 | b;
      }
      out.setRGB(0, y, w, 1, row, 0, w);
    }
    return out;
  }

  /** A linear gradient between two random colours in a random direction. */
  static BufferedImage gradient(int w, int h, Random random) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setPaint(new GradientPaint(random.nextInt(w), random.nextInt(h), new Color(random.nextInt(1 << 24)),
        random.nextInt(w), random.nextInt(h), new Color(random.nextInt(1 << 24)), true));
    g.fillRect(0, 0, w, h);
    g.dispose();
    return out;
  }

  /** Black and white squares of a random side, 8 to 128 px. */
  static BufferedImage checkerboard(int w, int h, Random random) {
    int side = 8 << random.nextInt(5);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.BLACK);
    for (int y = 0; y < h; y += side) {
      for (int x = (y / side % 2) * side; x < w; x += 2 * side) {
        g.fillRect(x, y, side, side);
      }
    }
    g.dispose();
    return out;
  }

  /** Slanted stripes of two random colours, 4 to 64 px wide. */
  static BufferedImage stripes(int w, int h, Random random) {
    int width = 4 << random.nextInt(5);
    Color a = new Color(random.nextInt(1 << 24));
    Color b = new Color(random.nextInt(1 << 24));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(a);
    g.fillRect(0, 0, w, h);
    g.setColor(b);
    g.rotate(random.nextDouble() * Math.PI, w / 2.0, h / 2.0);
    int reach = (int) Math.hypot(w, h);
    for (int x = -reach; x < reach; x += 2 * width) {
      g.fillRect(x, -reach, width, 2 * reach);
    }
    g.dispose();
    return out;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
