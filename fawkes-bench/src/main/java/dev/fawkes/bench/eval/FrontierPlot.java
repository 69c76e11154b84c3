package dev.fawkes.bench.eval;

import dev.fawkes.bench.eval.EvalReport.CloakOutcome;
import dev.fawkes.bench.eval.EvalReport.Role;
import dev.fawkes.bench.eval.EvalReport.TrackerOutcome;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Draws the visibility frontier: for each cloak (leave-one-out runs left out), black-box protection
 * (PNG training photos; the weakest black-box tracker's strongest head) against the mean CIE76 dE p95
 * on the face, with the report's JPEG re-encodes as reference lines and the presets' bounds marked.
 */
final class FrontierPlot {
  private static final int W = 820;
  private static final int H = 500;
  private static final int LEFT = 70;
  private static final int RIGHT = 30;
  private static final int TOP = 56;
  private static final int BOTTOM = 60;
  /** The presets' dE p95 bounds: JPEG q70 and two and four times that (docs/evaluation.md). */
  private static final double[] BOUNDS = {2.5, 5, 10};
  private static final String[] BOUND_LABELS = {"LOW", "MID", "HIGH"};

  private FrontierPlot() {}

  /** The weakest protection over the cloak's black-box trackers, if it had any. */
  static OptionalDouble blackBoxProtection(CloakOutcome cloak) {
    return cloak.trackers().stream().filter(t -> t.role() == Role.BLACK_BOX)
        .mapToDouble(t -> t.protection("png")).min();
  }

  /**
   * One configuration on the plot.
   *
   * @param label its name
   * @param deltaEP95 mean dE p95 on the face
   * @param protection black-box protection, in [0, 1]
   * @param chosen whether it is a preset (drawn filled and larger)
   */
  record Point(String label, double deltaEP95, double protection, boolean chosen) {}

  /** The plot of one report: its cloaks (leave-one-out runs left out) and its JPEG references. */
  static BufferedImage draw(EvalReport report) {
    List<Point> points = new ArrayList<>();
    for (CloakOutcome c : report.cloaks()) {
      OptionalDouble protection = blackBoxProtection(c);
      if (c.heldOut() == null && c.kind() == EvalReport.Kind.CLOAK && protection.isPresent()) {
        points.add(new Point(c.label(), c.quality().visibility().deltaEP95(), protection.getAsDouble(), false));
      }
    }
    Map<String, Double> references = new LinkedHashMap<>();
    report.references().forEach((name, v) -> references.put(name, v.deltaEP95()));
    return draw(points, references);
  }

  /** The plot of {@code points}, with reference lines at the dE p95 of each of {@code references}. */
  static BufferedImage draw(List<Point> points, Map<String, Double> references) {
    double xMax = 12;
    for (Point p : points) {
      xMax = Math.max(xMax, Math.ceil(p.deltaEP95() * 1.1));
    }
    BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = PlotCanvas.create(image);
    int plotW = W - LEFT - RIGHT;
    int plotH = H - TOP - BOTTOM;
    PlotCanvas.protectionAxis(g, LEFT, TOP, plotW, plotH);
    for (int x = 0; x <= xMax; x += 2) {
      int px = LEFT + (int) (plotW * x / xMax);
      g.setColor(new Color(0xe0e0e0));
      g.drawLine(px, TOP, px, TOP + plotH);
      g.setColor(Color.DARK_GRAY);
      g.drawString(Integer.toString(x), px - 4, TOP + plotH + 18);
    }
    // The presets' bounds.
    g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
    for (int i = 0; i < BOUNDS.length; i++) {
      int px = LEFT + (int) (plotW * BOUNDS[i] / xMax);
      g.setColor(new Color(0x2ca02c));
      g.drawLine(px, TOP, px, TOP + plotH);
      g.drawString(BOUND_LABELS[i] + " bound", px + 3, TOP + 14);
    }
    // Reference points: JPEG re-encodes of the same photos.
    int k = 0;
    for (Map.Entry<String, Double> ref : references.entrySet()) {
      int px = LEFT + (int) (plotW * ref.getValue() / xMax);
      g.setColor(new Color(0x7f7f7f));
      g.drawLine(px, TOP, px, TOP + plotH);
      g.drawString(ref.getKey(), px + 3, TOP + plotH - 8 - 14 * k++);
    }
    g.setStroke(new BasicStroke(1f));
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, plotW, plotH);
    g.drawString("mean CIE76 dE p95 on the face box (saved PNG)", LEFT + plotW / 2 - 140, H - 20);
    g.drawString("black-box protection", 8, TOP - 10);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString("Protection against the weakest black-box tracker (strongest head) vs. visibility", LEFT, 20);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (Point p : points) {
      int px = LEFT + (int) (plotW * p.deltaEP95() / xMax);
      int py = TOP + plotH - (int) (plotH * p.protection());
      int r = p.chosen() ? 7 : 4;
      g.setColor(p.chosen() ? new Color(0xd62728) : new Color(0x1f77b4));
      g.fillOval(px - r, py - r, 2 * r, 2 * r);
      // Unchosen points at zero pile up; the tables name them.
      if (p.chosen() || p.protection() > 0.05) {
        g.setColor(Color.BLACK);
        g.drawString(p.label(), px + r + 2, py - r);
      }
    }
    g.dispose();
    return image;
  }
}
