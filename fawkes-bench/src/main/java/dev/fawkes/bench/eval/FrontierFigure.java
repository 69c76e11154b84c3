package dev.fawkes.bench.eval;

import dev.fawkes.bench.eval.FrontierPlot.Point;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Draws the visibility frontier from the figures of several evaluation runs, collected in a table:
 * a sweep runs as many {@code fawkes eval} calls, and the frontier is all of them on one plot.
 */
@Command(name = "frontier-plot", mixinStandardHelpOptions = true,
    description = {"Draws black-box protection against dE p95 for configurations measured by `fawkes eval`.",
        "POINTS.tsv has a row per configuration: label, mean dE p95, black-box protection (strongest head), and",
        "kind: preset (drawn large and labelled), config, or reference (a vertical line; protection left empty).",
        "Lines starting with # are comments."},
    footer = {"", "Example:", "  fawkes-lab frontier-plot docs/frontier.tsv docs/images/frontier.png"})
public final class FrontierFigure implements Callable<Integer> {
  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "POINTS.tsv", description = "The measured configurations.")
  private Path table;

  @Parameters(index = "1", paramLabel = "OUT.png", description = "Where to write the plot.")
  private Path figureFile;

  FrontierFigure() {}

  @Override
  public Integer call() throws IOException {
    List<Point> points = new ArrayList<>();
    Map<String, Double> references = new LinkedHashMap<>();
    int line = 0;
    for (String row : Files.readAllLines(table, StandardCharsets.UTF_8)) {
      line++;
      if (row.isBlank() || row.startsWith("#")) {
        continue;
      }
      String[] cells = row.split("\t", -1);
      try {
        if (cells.length != 4) {
          throw new IllegalArgumentException("4 tab-separated cells are needed, not " + cells.length);
        }
        double deltaE = Double.parseDouble(cells[1].trim());
        switch (cells[3].trim()) {
          case "reference" -> references.put(cells[0].trim(), deltaE);
          case "preset", "config" -> {
            double protection = Double.parseDouble(cells[2].trim());
            if (protection < 0 || protection > 1) {
              throw new IllegalArgumentException("protection must be in [0, 1], not " + protection);
            }
            points.add(new Point(cells[0].trim(), deltaE, protection, cells[3].trim().equals("preset")));
          }
          default -> throw new IllegalArgumentException("kind must be preset, config or reference, not '" + cells[3] + "'");
        }
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), table + " line " + line + ": " + e.getMessage());
      }
    }
    ImageIO.write(FrontierPlot.draw(points, references), "png", figureFile.toFile());
    spec.commandLine().getOut().printf("%d configurations and %d references drawn into %s%n", points.size(),
        references.size(), figureFile);
    return 0;
  }
}
