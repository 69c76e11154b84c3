package dev.fawkes.cli;

import dev.fawkes.AlignedFace;
import dev.fawkes.photo.Photos;
import dev.fawkes.quality.ImageQuality;
import dev.fawkes.quality.Visibility;
import dev.fawkes.tf.face.TfFaceAligner;
import dev.fawkes.tf.model.Embeddings;
import dev.fawkes.tf.model.ExtractorSpec;
import dev.fawkes.tf.model.FeatureExtractor;
import dev.fawkes.tf.model.ModelZoo;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fawkes compare}: how much a cloaked photo differs from its original, to the eye and to models. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Compares a cloaked photo with its original: DSSIM, SSIM and PSNR, and per face the feature "
        + "shift (1 - cosine similarity) each bundled recogniser sees after detecting and aligning both.",
    footer = {"", "Example:", "  fawkes compare me.jpg me_cloaked.png --diff diff.png"})
final class CompareCommand implements Callable<Integer> {
  private static final int AMPLIFY = 10;

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ORIGINAL")
  private Path original;

  @Parameters(index = "1", paramLabel = "CLOAKED")
  private Path cloaked;

  @Option(names = "--diff", paramLabel = "OUT.png", description = "Write the difference, amplified " + AMPLIFY + "x around grey.")
  private Path diff;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    BufferedImage a = Photos.readImage(original);
    BufferedImage b = Photos.readImage(cloaked);
    if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "the photos differ in size: "
          + a.getWidth() + "x" + a.getHeight() + " vs " + b.getWidth() + "x" + b.getHeight());
    }
    double ssim = ImageQuality.ssim(a, b);
    out.printf(Locale.ROOT, "whole photo: SSIM %.5f, DSSIM %.5f, PSNR %.2f dB%n", ssim, (1 - ssim) / 2, ImageQuality.psnr(a, b));
    try (TfFaceAligner aligner = new TfFaceAligner()) {
      List<AlignedFace> before = aligner.align(a);
      List<AlignedFace> after = aligner.align(b);
      out.printf(Locale.ROOT, "faces: %d in the original, %d in the cloaked photo%n", before.size(), after.size());
      for (int i = 0; i < before.size(); i++) {
        Visibility v = Visibility.measure(a, b, before.get(i).canonicalInPhoto());
        out.printf(Locale.ROOT, "face %d, visibility on its box: worst-region DSSIM %.4f (box %.4f, centre %.4f), "
            + "dE p95 %.2f, p99 %.2f, %.0f%% of pixels above %.1f, largest change %d levels%n", i + 1,
            v.worstRegionDssim(), v.boxDssim(), v.centralDssim(), v.deltaEP95(), v.deltaEP99(), 100 * v.shareAboveJnd(),
            Visibility.JND, v.maxLevelChange());
      }
      for (ExtractorSpec spec : ModelZoo.recognizers()) {
        try (FeatureExtractor extractor = FeatureExtractor.create(ModelZoo.load(spec.name()))) {
          for (int i = 0; i < Math.min(before.size(), after.size()); i++) {
            float[] e0 = extractor.embed(before.get(i));
            float[] e1 = extractor.embed(after.get(i));
            out.printf(Locale.ROOT, "face %d, %-22s feature shift %.4f%n", i + 1, spec.name(),
                Embeddings.cosineDistance(e0, e1));
          }
        }
      }
    }
    if (diff != null) {
      BufferedImage d = ImageQuality.amplifiedDifference(a, b, AMPLIFY);
      ImageIO.write(d, "png", new File(diff.toString()));
      out.println("difference written to " + diff);
    }
    out.flush();
    return 0;
  }
}
