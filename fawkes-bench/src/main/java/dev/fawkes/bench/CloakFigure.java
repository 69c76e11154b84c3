package dev.fawkes.bench;

import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.Cloakers;
import dev.fawkes.Preset;
import dev.fawkes.photo.Photos;
import dev.fawkes.tf.cloak.ImageQuality;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws the picture of docs/architecture.md: a public-domain photo before and after cloaking, and
 * the difference amplified, around the face. Only fixture photos are drawn, never LFW people.
 *
 * <pre>
 * java dev.fawkes.bench.CloakFigure PHOTO OUT.png [low|mid|high]
 * </pre>
 */
public final class CloakFigure {
  private static final int AMPLIFY = 10;

  private CloakFigure() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: PHOTO OUT.png [low|mid|high]");
    }
    BufferedImage photo = Photos.readImage(Path.of(args[0]));
    Preset preset = args.length > 2 ? Preset.valueOf(args[2].toUpperCase(Locale.ROOT)) : Preset.MID;
    CloakResult result;
    try (Cloaker cloaker = Cloakers.create(CloakConfig.preset(preset))) {
      result = cloaker.cloak(photo);
    }
    BufferedImage after = result.image();
    int w = photo.getWidth();
    int h = photo.getHeight();
    BufferedImage diff = ImageQuality.amplifiedDifference(photo, after, AMPLIFY);
    int label = 28;
    BufferedImage figure = new BufferedImage(3 * w, h + label, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = figure.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 3 * w, h + label);
    g.drawImage(photo, 0, label, null);
    g.drawImage(after, w, label, null);
    g.drawImage(diff, 2 * w, label, null);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
    var face = result.faces().isEmpty() ? null : result.faces().get(0);
    g.drawString("original", 8, 20);
    g.drawString(String.format(Locale.ROOT, "cloaked (%s, DSSIM %.4f)", preset, face == null ? 0 : face.dssim()), w + 8, 20);
    g.drawString("difference x" + AMPLIFY + " (grey = unchanged)", 2 * w + 8, 20);
    g.dispose();
    ImageIO.write(figure, "png", new File(args[1]));
    System.out.println("faces " + result.facesFound() + ": " + result.faces());
  }
}
