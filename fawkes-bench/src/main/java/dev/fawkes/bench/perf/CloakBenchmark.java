package dev.fawkes.bench.perf;

import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.Preset;
import dev.fawkes.Cloakers;
import java.awt.image.BufferedImage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A whole {@code Cloaker.cloak}, as an application calls it: detection, alignment, the optimization
 * at the preset's steps, the budget check and pasting back. The graphs are built in the first
 * (warm-up) call, as in an application that keeps its cloaker.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CloakBenchmark {
  /**
   * "512": the single-face 512x512 fixture (its face gets a 448 px crop); "lfw": a 250x250 LFW
   * photo (224 px crop); "12mp-1" and "12mp-5": 4000x3000 with one and five faces.
   */
  @Param({"512", "lfw"})
  public String photo;

  @Param({"LOW", "MID", "HIGH"})
  public String preset;

  private Cloaker cloaker;
  private BufferedImage image;

  @Setup(Level.Trial)
  public void setUp() {
    image = PerfInputs.photo(photo);
    cloaker = Cloakers.create(CloakConfig.preset(Preset.valueOf(preset)));
    CloakResult first = cloaker.cloak(image);
    System.out.println("# " + photo + ": " + first.facesFound() + " faces, DSSIM " + first.faces().stream()
        .map(f -> String.format(java.util.Locale.ROOT, "%.4f", f.dssim())).toList());
  }

  @Benchmark
  public CloakResult cloak() {
    return cloaker.cloak(image);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cloaker.close();
  }
}
