package dev.fawkes.bench.perf;

import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.Cloakers;
import dev.fawkes.Preset;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
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

/**
 * A folder of one person's LFW photos cloaked as {@code fawkes cloak} does it: {@code cloakAll} on
 * {@link CloakConfig#batchSize()} photos at a time, so that faces of different photos share the
 * optimizer's batch. The score is one whole folder; the setup prints its faces, to read it per face.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FolderBenchmark {
  /** 16 photos: two batches of the default eight. */
  private static final int PHOTOS = 16;

  @Param({"LOW"})
  public String preset;

  @Param({"Colin_Powell"})
  public String person;

  private Cloaker cloaker;
  private List<BufferedImage> folder;

  @Setup(Level.Trial)
  public void setUp() {
    folder = PerfInputs.lfwFolder(person, PHOTOS);
    cloaker = Cloakers.create(CloakConfig.preset(Preset.valueOf(preset)));
    int faces = cloakFolder().stream().mapToInt(CloakResult::facesFound).sum();
    System.out.println("# folder of " + folder.size() + " photos, " + faces + " faces");
  }

  @Benchmark
  public List<CloakResult> cloakFolder() {
    int batch = cloaker.config().batchSize();
    List<CloakResult> results = new ArrayList<>();
    for (int first = 0; first < folder.size(); first += batch) {
      results.addAll(cloaker.cloakAll(folder.subList(first, Math.min(folder.size(), first + batch))));
    }
    return results;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cloaker.close();
  }
}
