package dev.fawkes.bench.eval;

import dev.fawkes.CloakResult;
import dev.fawkes.photo.Photos;
import dev.fawkes.quality.ImageQuality;
import dev.fawkes.tf.cloak.internal.CloakPipeline;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws before / after / difference (amplified) for a few photos and each cloak: one row per photo,
 * the original and then, per cloak, the cloaked photo and its difference. Only public-domain
 * fixture photos belong in it, never LFW people.
 */
public final class CloakStrip {
  private static final int CELL = 256;
  private static final int LABEL = 22;
  private static final int AMPLIFY = 10;

  private CloakStrip() {}

  /** Cloaks every photo with every spec (seeded) and draws the strip. */
  public static BufferedImage draw(List<Path> photos, List<CloakSpec> specs, long seed) {
    List<BufferedImage> originals = photos.stream().map(Photos::readImage).toList();
    List<List<BufferedImage>> cloaked = new ArrayList<>();
    List<List<Double>> dssim = new ArrayList<>();
    for (CloakSpec spec : specs) {
      CloakSpec seeded = spec.withSeed(seed);
      try (CloakPipeline cloaker = CloakPipeline.create(seeded.config(), seeded.tuning(), null)) {
        List<BufferedImage> row = new ArrayList<>();
        List<Double> d = new ArrayList<>();
        for (BufferedImage photo : originals) {
          CloakResult r = cloaker.cloak(List.of(photo), null, progress -> { }).get(0);
          row.add(r.image());
          d.add(r.faces().stream().mapToDouble(f -> f.dssim()).average().orElse(0));
        }
        cloaked.add(row);
        dssim.add(d);
      }
    }
    int columns = 1 + 2 * specs.size();
    BufferedImage strip = new BufferedImage(columns * CELL, originals.size() * (CELL + LABEL), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = strip.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, strip.getWidth(), strip.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    for (int p = 0; p < originals.size(); p++) {
      int y = p * (CELL + LABEL);
      cell(g, originals.get(p), 0, y, "original");
      for (int s = 0; s < specs.size(); s++) {
        BufferedImage after = cloaked.get(s).get(p);
        cell(g, after, (1 + 2 * s) * CELL, y,
            String.format(Locale.ROOT, "%s, DSSIM %.4f", specs.get(s).label(), dssim.get(s).get(p)));
        cell(g, ImageQuality.amplifiedDifference(originals.get(p), after, AMPLIFY), (2 + 2 * s) * CELL, y,
            "difference x" + AMPLIFY);
      }
    }
    g.dispose();
    return strip;
  }

  private static void cell(Graphics2D g, BufferedImage image, int x, int y, String label) {
    double scale = Math.min((double) CELL / image.getWidth(), (double) CELL / image.getHeight());
    int w = (int) Math.round(image.getWidth() * scale);
    int h = (int) Math.round(image.getHeight() * scale);
    g.drawImage(image, x + (CELL - w) / 2, y + LABEL + (CELL - h) / 2, w, h, null);
    g.setColor(Color.BLACK);
    g.drawString(label, x + 6, y + 16);
  }
}
