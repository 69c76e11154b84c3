package dev.fawkes.bench.eval;

import dev.fawkes.bench.eval.EvalReport.CloakOutcome;
import dev.fawkes.bench.eval.EvalReport.TrackerOutcome;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws protection success (PNG training photos, strongest head) against the mean DSSIM of each
 * cloak, one line per tracker; leave-one-out runs are left out. Filled markers are black-box.
 */
final class ProtectionPlot {
  private static final int W = 760;
  private static final int H = 460;
  private static final int LEFT = 70;
  private static final int RIGHT = 210;
  private static final int TOP = 56;
  private static final int BOTTOM = 60;
  private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0x17becf)};

  private ProtectionPlot() {}

  static BufferedImage draw(EvalReport report) {
    List<CloakOutcome> cloaks = new ArrayList<>(report.cloaks().stream().filter(c -> c.heldOut() == null && c.kind() == EvalReport.Kind.CLOAK).toList());
    cloaks.sort(Comparator.comparingDouble(c -> c.quality().dssim()));
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    Map<String, List<Boolean>> blackBox = new LinkedHashMap<>();
    double maxX = 0.005;
    for (CloakOutcome c : cloaks) {
      maxX = Math.max(maxX, c.quality().dssim());
      for (TrackerOutcome t : c.trackers()) {
        series.computeIfAbsent(t.tracker(), k -> new ArrayList<>()).add(new double[] {c.quality().dssim(), t.protection("png")});
        blackBox.computeIfAbsent(t.tracker(), k -> new ArrayList<>()).add(t.role() == EvalReport.Role.BLACK_BOX);
      }
    }
    double xMax = Math.ceil(maxX * 1.15 * 200) / 200;
    BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = PlotCanvas.create(image);
    int plotW = W - LEFT - RIGHT;
    int plotH = H - TOP - BOTTOM;
    PlotCanvas.protectionAxis(g, LEFT, TOP, plotW, plotH);
    int ticks = 5;
    for (int i = 0; i <= ticks; i++) {
      double x = xMax * i / ticks;
      int px = LEFT + (int) (plotW * i / (double) ticks);
      g.setColor(new Color(0xe0e0e0));
      g.drawLine(px, TOP, px, TOP + plotH);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(Locale.ROOT, "%.3f", x), px - 15, TOP + plotH + 18);
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, plotW, plotH);
    g.drawString("mean DSSIM of the cloaked face (PNG)", LEFT + plotW / 2 - 100, H - 20);
    g.drawString("protection success", 8, TOP - 10);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString("Protection against each tracker (strongest head) vs. perturbation budget", LEFT, 20);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int k = 0;
    for (Map.Entry<String, List<double[]>> s : series.entrySet()) {
      Color color = COLORS[k % COLORS.length];
      g.setColor(color);
      g.setStroke(new BasicStroke(2f));
      int[] prev = null;
      List<double[]> points = s.getValue();
      for (int i = 0; i < points.size(); i++) {
        int px = LEFT + (int) (plotW * points.get(i)[0] / xMax);
        int py = TOP + plotH - (int) (plotH * points.get(i)[1]);
        if (prev != null) {
          g.drawLine(prev[0], prev[1], px, py);
        }
        if (blackBox.get(s.getKey()).get(i)) {
          g.fillOval(px - 5, py - 5, 10, 10);
        } else {
          g.drawOval(px - 5, py - 5, 10, 10);
        }
        prev = new int[] {px, py};
      }
      int ly = TOP + 10 + 20 * k;
      g.drawLine(LEFT + plotW + 15, ly, LEFT + plotW + 40, ly);
      g.setColor(Color.BLACK);
      g.drawString(s.getKey(), LEFT + plotW + 48, ly + 4);
      k++;
    }
    g.setColor(Color.DARK_GRAY);
    int ly = TOP + 20 + 20 * k;
    g.fillOval(LEFT + plotW + 22, ly - 5, 10, 10);
    g.drawString("black-box", LEFT + plotW + 48, ly + 4);
    g.drawOval(LEFT + plotW + 22, ly + 15, 10, 10);
    g.drawString("in ensemble/family", LEFT + plotW + 48, ly + 24);
    g.dispose();
    return image;
  }
}
