package dev.fawkes.bench.perf;

import dev.fawkes.CloakConfig;
import dev.fawkes.Preset;
import dev.fawkes.tf.cloak.CloakLoop;
import dev.fawkes.tf.cloak.Compilation;
import dev.fawkes.tf.cloak.CloakTuning;
import dev.fawkes.tf.model.FaceModel;
import dev.fawkes.tf.model.ModelZoo;
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
 * One optimization step (forward and backward through every model, DSSIM, budget check, Adam update)
 * over a batch of real LFW faces, with the presets' tuning
 * (blurred copies: two passes per model). Divide the batch by the time for face-steps per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StepBenchmark {
  /** "ensemble" is the presets' default ensemble. */
  @Param({"ensemble", "mobileface", "mobilefacenet-tflite", "faceres", "faceres-deep"})
  public String model;

  @Param({"1", "8", "32"})
  public int batch;

  /** The side of the face crops; 224 is what a face of a 512x512 portrait or an LFW photo gets. */
  @Param({"224"})
  public int crop;

  @Param({"DEFAULT"})
  public Compilation compilation;

  private CloakLoop loop;

  /** The models a benchmark parameter names. */
  static List<FaceModel> models(String model) {
    List<String> names = model.equals("ensemble") ? Preset.LOW.extractors() : List.of(model);
    return names.stream().map(ModelZoo::load).toList();
  }

  @Setup(Level.Trial)
  public void setUp() {
    loop = CloakLoop.create(models(model), CloakConfig.preset(Preset.LOW), CloakTuning.forPreset(Preset.LOW),
        crop, batch, compilation);
    loop.start(PerfInputs.faces(batch, crop));
    System.out.println("# TensorFlow devices used: " + loop.devices());
  }

  @Benchmark
  public void step() {
    loop.step();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    loop.close();
  }
}
