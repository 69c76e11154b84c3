package dev.fawkes.bench.eval;

import dev.fawkes.report.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Writes a report's files: {@code eval.json}, {@code eval.md}, {@code protection-vs-dssim.png} and
 * {@code frontier.png} (black-box protection against visibility).
 */
public final class EvalOutput {
  private EvalOutput() {}

  /** Writes the files into {@code dir} (created if needed) and returns their paths. */
  public static List<Path> write(EvalReport report, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path json = dir.resolve("eval.json");
    Path md = dir.resolve("eval.md");
    Path plot = dir.resolve("protection-vs-dssim.png");
    Files.writeString(json, Json.write(report.toMap()), StandardCharsets.UTF_8);
    Files.writeString(md, report.markdown(), StandardCharsets.UTF_8);
    ImageIO.write(ProtectionPlot.draw(report), "png", plot.toFile());
    Path frontier = dir.resolve("frontier.png");
    ImageIO.write(FrontierPlot.draw(report), "png", frontier.toFile());
    return List.of(json, md, plot, frontier);
  }
}
