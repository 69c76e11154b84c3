package dev.fawkes.bench.perf;

import dev.fawkes.CloakConfig;
import dev.fawkes.Cloaker;
import dev.fawkes.Cloakers;
import dev.fawkes.Preset;
import dev.fawkes.tf.cloak.internal.CloakTuning;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether memory stays flat over long runs: the Java heap in use (after a collection) and the
 * process's resident memory (which holds TensorFlow's native buffers) sampled while a loop steps
 * and while a cloaker cloaks the same photo again and again.
 */
final class MemoryCheck {
  /** One sample: after {@code count} steps or cloaks, heap and resident memory in MB. */
  record Sample(int count, double heapMb, double residentMb) {}

  private MemoryCheck() {}

  /** Samples every {@code steps / 10} steps of the default ensemble at batch 8. */
  static List<Sample> steps(int steps, PrintStream log) {
    List<Sample> samples = new ArrayList<>();
    try (CloakLoop loop = CloakLoop.create(StepBenchmark.models("ensemble"), CloakConfig.preset(Preset.LOW),
        CloakTuning.forPreset(Preset.LOW), PerfInputs.STEP_CROP, 8, Compilation.DEFAULT)) {
      loop.start(PerfInputs.faces(8, PerfInputs.STEP_CROP));
      for (int i = 1; i <= steps; i++) {
        loop.step();
        if (i % Math.max(1, steps / 10) == 0) {
          samples.add(sample(i, log, "steps"));
        }
      }
    }
    return samples;
  }

  /**
   * Samples every {@code cloaks / 10} whole cloaks of the 512x512 portrait. The cloaks run
   * {@code steps} steps each: memory is about what a call allocates, not how long it optimizes.
   */
  static List<Sample> cloaks(int cloaks, int steps, PrintStream log) {
    List<Sample> samples = new ArrayList<>();
    BufferedImage photo = PerfInputs.portrait();
    try (Cloaker cloaker = Cloakers.create(CloakConfig.builder(Preset.LOW).maxSteps(steps).build())) {
      for (int i = 1; i <= cloaks; i++) {
        cloaker.cloak(photo);
        if (i % Math.max(1, cloaks / 10) == 0) {
          samples.add(sample(i, log, "cloaks"));
        }
      }
    }
    return samples;
  }

  private static Sample sample(int count, PrintStream log, String what) {
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    Sample s = new Sample(count, (runtime.totalMemory() - runtime.freeMemory()) / 1e6, residentMb());
    log.printf(Locale.ROOT, "memory after %5d %s: heap %7.1f MB, resident %7.1f MB%n", count, what, s.heapMb(),
        s.residentMb());
    return s;
  }

  /** VmRSS of this process (Linux), or NaN where /proc is not there. */
  static double residentMb() {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return Double.NaN;
    }
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Double.NaN;
  }
}
