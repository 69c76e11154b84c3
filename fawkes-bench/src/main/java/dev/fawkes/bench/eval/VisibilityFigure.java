package dev.fawkes.bench.eval;

import dev.fawkes.AlignedFace;
import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.Cloakers;
import dev.fawkes.Preset;
import dev.fawkes.photo.Photos;
import dev.fawkes.quality.Visibility;
import dev.fawkes.tf.face.TfFaceAligner;
import dev.fawkes.tf.testing.Faces;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Draws what a person sees of each preset: the face of a public-domain photo, original, re-encoded as
 * JPEG quality 70 (the reference) and cloaked at LOW, MID and HIGH, at 100% and the middle of the face
 * at 200%, each labelled with its measured visibility; and prints the measures. With {@code --side}
 * the photo is first upscaled (bicubic) so that its face is large, as in a phone photo. The lab's
 * {@code visibility-figure} command; draw fixture photos only, never LFW people.
 */
@Command(name = "visibility-figure", mixinStandardHelpOptions = true,
    description = "Draws the face of a photo as the original, a JPEG q70 re-encode and cloaked at each preset, "
        + "at 100% and 200%, with the measured visibility (docs/evaluation.md). Draw fixture photos only.",
    footer = {"", "Example:", "  fawkes-lab visibility-figure ../shared/data/fixtures/astronaut.png docs/images/visibility-astronaut.png",
        "  fawkes-lab visibility-figure --side 2048 ../shared/data/fixtures/grace_hopper_512x512.jpg big.png"})
public final class VisibilityFigure implements Callable<Integer> {
  /** The largest face box drawn at 100%; larger faces are shown scaled down to it (and the 200% row shows detail). */
  private static final int CELL = 360;
  private static final int LABEL = 36;

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PHOTO", description = "The photo (a fixture).")
  private Path photoFile;

  @Parameters(index = "1", paramLabel = "OUT.png", description = "Where to write the figure.")
  private Path figureFile;

  @Option(names = "--side", description = "Upscale the photo to this width first (bicubic); 0 keeps it (default: ${DEFAULT-VALUE}).",
      defaultValue = "0")
  private int side;

  @Option(names = "--seed", description = "The cloaks' seed (default: ${DEFAULT-VALUE}).", defaultValue = "0")
  private long seed;

  VisibilityFigure() {}

  @Override
  public Integer call() throws IOException {
    BufferedImage photo = Photos.readImage(photoFile);
    if (side > 0) {
      photo = Faces.scaled(photo, side / (double) photo.getWidth());
    }
    Rectangle box;
    try (TfFaceAligner aligner = new TfFaceAligner()) {
      List<AlignedFace> faces = aligner.align(photo);
      if (faces.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no face found in " + photoFile);
      }
      box = AlignedFace.largest(faces).canonicalInPhoto().intersection(new Rectangle(0, 0, photo.getWidth(), photo.getHeight()));
    }
    Map<String, BufferedImage> versions = new LinkedHashMap<>();
    versions.put("original", photo);
    versions.put("JPEG q70", Degradation.jpeg(photo, 70));
    for (Preset preset : Preset.values()) {
      try (Cloaker cloaker = Cloakers.create(CloakConfig.builder(preset).seed(seed).build())) {
        CloakResult result = cloaker.cloak(photo);
        versions.put(preset.name(), result.image());
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%s%s: face box %dx%d px at (%d, %d)%n", photoFile.getFileName(),
        side > 0 ? " upscaled to " + photo.getWidth() + "x" + photo.getHeight() : "", box.width, box.height, box.x, box.y);
    List<String> labels = new ArrayList<>();
    for (Map.Entry<String, BufferedImage> v : versions.entrySet()) {
      Visibility seen = Visibility.measure(photo, v.getValue(), box);
      String label = v.getKey().equals("original") ? "original" : String.format(Locale.ROOT,
          "%s: dE95 %.1f, DSSIM %.3f", v.getKey(), seen.deltaEP95(), seen.worstRegionDssim());
      labels.add(label);
      out.printf(Locale.ROOT, "  %-9s dE p95 %5.2f  p99 %5.2f  above %.1f: %4.1f%%  worst-region DSSIM %.4f  largest change %d%n",
          v.getKey(), seen.deltaEP95(), seen.deltaEP99(), Visibility.JND, 100 * seen.shareAboveJnd(),
          seen.worstRegionDssim(), seen.maxLevelChange());
    }
    out.flush();
    ImageIO.write(draw(new ArrayList<>(versions.values()), labels, box), "png", figureFile.toFile());
    return 0;
  }

  /** Row 1: each version's face box at 100% (or scaled to fit); row 2: the box's middle quarter at 200%. */
  private static BufferedImage draw(List<BufferedImage> versions, List<String> labels, Rectangle box) {
    int cell = Math.min(CELL, box.width);
    int n = versions.size();
    BufferedImage figure = new BufferedImage(n * cell, 2 * (cell + LABEL), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = figure.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, figure.getWidth(), figure.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    Rectangle middle = new Rectangle(box.x + box.width / 2 - cell / 4, box.y + box.height / 2 - cell / 4, cell / 2, cell / 2);
    for (int i = 0; i < n; i++) {
      BufferedImage v = versions.get(i);
      int x = i * cell;
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.drawImage(v.getSubimage(box.x, box.y, box.width, box.height), x, LABEL, cell, cell, null);
      // 200%: every pixel drawn as 2x2, no smoothing, so that the cloak's own pixels show.
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      g.drawImage(v.getSubimage(middle.x, middle.y, middle.width, middle.height), x, 2 * LABEL + cell, cell, cell, null);
      g.setColor(Color.BLACK);
      String[] parts = labels.get(i).split(": ", 2);
      g.drawString(parts[0] + (box.width > cell ? " (fit)" : " (100%)"), x + 4, 14);
      if (parts.length > 1) {
        g.drawString(parts[1], x + 4, 30);
      }
      g.drawString(parts[0] + ", centre at 200%", x + 4, cell + LABEL + 22);
    }
    g.dispose();
    return figure;
  }
}
