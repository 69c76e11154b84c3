package dev.fawkes.bench;

import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.Cloakers;
import dev.fawkes.Preset;
import dev.fawkes.photo.Photos;
import dev.fawkes.quality.ImageQuality;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Draws the picture of docs/architecture.md: a public-domain photo before and after cloaking, and
 * the difference amplified, around the face. Only fixture photos are drawn, never LFW people. The
 * lab's {@code cloak-figure} command.
 */
@Command(name = "cloak-figure", mixinStandardHelpOptions = true,
    description = "Draws a photo before and after cloaking and the difference amplified " + CloakFigure.AMPLIFY
        + "x, side by side (the picture of docs/architecture.md). Draw fixture photos only, never LFW people.",
    footer = {"", "Example:", "  fawkes-lab cloak-figure ../shared/data/fixtures/astronaut.png docs/images/cloak-astronaut.png mid"})
public final class CloakFigure implements Callable<Integer> {
  static final int AMPLIFY = 10;

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PHOTO", description = "The photo to cloak.")
  private Path photoFile;

  @Parameters(index = "1", paramLabel = "OUT.png", description = "Where to write the figure.")
  private Path figureFile;

  @Parameters(index = "2", arity = "0..1", paramLabel = "PRESET", defaultValue = "mid",
      description = "low, mid or high (default: ${DEFAULT-VALUE}).")
  private Preset preset;

  CloakFigure() {}

  @Override
  public Integer call() throws IOException {
    BufferedImage photo = Photos.readImage(photoFile);
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
    ImageIO.write(figure, "png", figureFile.toFile());
    spec.commandLine().getOut().println("faces " + result.facesFound() + ": " + result.faces());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
