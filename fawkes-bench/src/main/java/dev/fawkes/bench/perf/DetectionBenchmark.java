package dev.fawkes.bench.perf;

import dev.fawkes.AlignedFace;
import dev.fawkes.tf.face.TfFaceAligner;
import java.awt.image.BufferedImage;
import java.util.List;
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

/** Face detection and alignment alone (BlazeFace, then the crops) on a 12-megapixel photo. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DetectionBenchmark {
  @Param({"12mp-1", "12mp-5"})
  public String photo;

  private TfFaceAligner aligner;
  private BufferedImage image;

  @Setup(Level.Trial)
  public void setUp() {
    image = PerfInputs.photo(photo);
    aligner = new TfFaceAligner();
    System.out.println("# " + photo + ": " + aligner.align(image).size() + " faces");
  }

  @Benchmark
  public List<AlignedFace> align() {
    return aligner.align(image);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    aligner.close();
  }
}
