package dev.fawkes.bench.eval;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;

/** The frame the evaluation's plots share: a white canvas and a protection axis from 0 to 1. */
final class PlotCanvas {
  private PlotCanvas() {}

  /** Paints {@code image} white and returns its antialiased graphics; the caller disposes them. */
  static Graphics2D create(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    return g;
  }

  /** Horizontal grid lines and labels for protection 0, 0.2, ..., 1 over the plot area. */
  static void protectionAxis(Graphics2D g, int left, int top, int plotW, int plotH) {
    for (int i = 0; i <= 10; i += 2) {
      int y = top + plotH - plotH * i / 10;
      g.setColor(new Color(0xe0e0e0));
      g.drawLine(left, y, left + plotW, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(Locale.ROOT, "%.1f", i / 10.0), left - 30, y + 4);
    }
  }
}
