package dev.fawkes.bench.perf;

import dev.fawkes.AlignedFace;
import dev.fawkes.CloakConfig;
import dev.fawkes.Preset;
import dev.fawkes.report.Json;
import dev.fawkes.tf.cloak.internal.CloakTuning;
import dev.fawkes.tf.face.TfFaceAligner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The performance measurement: the machine's peak rate, the arithmetic of every benchmarked step
 * (its floor), the JMH benchmarks, and memory over long runs; written to {@code perf.md} and
 * {@code perf.json}. {@code --short} runs a subset in under 5 minutes on a 2-core machine;
 * {@code --full} runs everything; {@code --soak} measures memory over many cloaks. The lab's
 * {@code perf} command; run it with {@code mvn -pl fawkes-bench exec:exec@perf}, which starts a JVM
 * that JMH can fork. See docs/performance.md.
 */
@Command(name = "perf", mixinStandardHelpOptions = true,
    description = {"Measures performance: the machine's peak rate, every benchmarked step against its arithmetic "
        + "floor (JMH), whole cloaks, detection, and memory over long runs; writes perf.md and perf.json to --out.",
        "Run it through Maven (mvn -pl fawkes-bench exec:exec@perf -Dperf.args=short|full|soak), so JMH can fork "
            + "a JVM with the same classpath."},
    footer = {"", "Examples:", "  mvn -pl fawkes-bench exec:exec@perf", "  fawkes-lab perf --full --out target/perf"})
public final class Perf implements Callable<Integer> {
  /** Set by the last of {@code --short} (the default) and {@code --full}. */
  private boolean full;

  @Option(names = "--short", description = "A subset in under 5 minutes on 2 cores (the default).")
  private void shortRun(boolean on) {
    full = false;
  }

  @Option(names = "--full", description = "Every model, batch and photo (about 27 minutes); the last of --short "
      + "and --full counts.")
  private void fullRun(boolean on) {
    full = true;
  }

  @Option(names = "--soak", description = "Memory over many whole cloaks (-Dfawkes.soak.cloaks, default 2000) "
      + "instead; writes soak.md.")
  private boolean soak;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
  private Path out = Paths.get("target", "perf");

  private final PrintStream log = System.out;
  private final Map<String, Long> flopsCache = new HashMap<>();
  private double peak;

  Perf() {}

  @Override
  public Integer call() throws IOException, RunnerException {
    Files.createDirectories(out);
    if (soak) {
      soak(out, Integer.getInteger("fawkes.soak.cloaks", 2000));
    } else {
      run(out);
    }
    return 0;
  }

  /**
   * The soak run: {@code cloaks} whole cloaks of the 512x512 portrait in one JVM (5 steps each: the
   * memory question is what a call allocates), memory sampled every tenth of the run.
   */
  private static void soak(Path out, int cloaks) throws IOException {
    long start = System.nanoTime();
    List<MemoryCheck.Sample> samples = MemoryCheck.cloaks(cloaks, 5, System.out);
    StringBuilder md = new StringBuilder("| soak: after | heap MB | resident MB |\n|---|---|---|\n");
    for (MemoryCheck.Sample s : samples) {
      md.append(String.format(Locale.ROOT, "| %d cloaks | %.1f | %.0f |%n", s.count(), s.heapMb(), s.residentMb()));
    }
    md.append(String.format(Locale.ROOT, "%n%d cloaks in %.0f s.%n", cloaks, (System.nanoTime() - start) / 1e9));
    Files.writeString(out.resolve("soak.md"), md.toString(), StandardCharsets.UTF_8);
    System.out.println(md);
  }

  private void run(Path out) throws RunnerException, IOException {
    long start = System.nanoTime();
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("configuration", full ? "full" : "short");
    report.put("java", Runtime.version().toString());
    report.put("cpus", Runtime.getRuntime().availableProcessors());
    report.put("cpu", cpuName());
    List<String> devices;
    try (CloakLoop loop = loop("ensemble", 1)) {
      loop.start(PerfInputs.faces(1, PerfInputs.STEP_CROP));
      devices = loop.devices();
    }
    log.println("TensorFlow devices used: " + devices);
    report.put("devices", devices);
    peak = PeakRate.measure(2048, full ? 8 : 4);
    log.printf(Locale.ROOT, "peak: %.1f GFLOP/s (2048x2048 float32 matrix product)%n", peak / 1e9);
    report.put("peakGflops", peak / 1e9);

    List<Map<String, Object>> steps = steps();
    report.put("steps", steps);
    List<Map<String, Object>> cloaks = cloaks();
    report.put("cloaks", cloaks);
    List<Map<String, Object>> detection = detection();
    report.put("detection", detection);
    int stepCount = full ? 1000 : 200;
    int cloakCount = full ? 200 : 20;
    List<MemoryCheck.Sample> stepMemory = MemoryCheck.steps(stepCount, log);
    List<MemoryCheck.Sample> cloakMemory = MemoryCheck.cloaks(cloakCount, 5, log);
    report.put("memorySteps", stepMemory);
    report.put("memoryCloaks", cloakMemory);
    report.put("seconds", (System.nanoTime() - start) / 1e9);

    String markdown = markdown(report, steps, cloaks, detection, stepMemory, cloakMemory);
    Files.writeString(out.resolve("perf.md"), markdown, StandardCharsets.UTF_8);
    Files.writeString(out.resolve("perf.json"), Json.write(report), StandardCharsets.UTF_8);
    log.println();
    log.println(markdown);
    log.println("written to " + out.resolve("perf.md") + " and perf.json");
  }

  private ChainedOptionsBuilder jmh(Class<?> benchmark) {
    return new OptionsBuilder().include(benchmark.getName() + "\\.").forks(1).shouldFailOnError(true)
        .jvmArgsAppend("-Xmx2g");
  }

  private List<Map<String, Object>> steps() throws RunnerException {
    List<Map<String, Object>> rows = new ArrayList<>();
    String[] models = full ? new String[] {"ensemble", "mobileface", "mobilefacenet-tflite", "faceres", "faceres-deep"}
        : new String[] {"ensemble"};
    String[] batches = full ? new String[] {"1", "8", "32"} : new String[] {"1", "8"};
    Collection<RunResult> results = new Runner(jmh(StepBenchmark.class).param("model", models).param("batch", batches)
        .warmupIterations(full ? 2 : 1).warmupTime(TimeValue.seconds(full ? 5 : 2))
        .measurementIterations(full ? 5 : 3).measurementTime(TimeValue.seconds(full ? 5 : 2)).build()).run();
    for (RunResult r : results) {
      String model = r.getParams().getParam("model");
      int batch = Integer.parseInt(r.getParams().getParam("batch"));
      double ms = r.getPrimaryResult().getScore();
      long flops = stepFlops(model, PerfInputs.STEP_CROP, batch);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("model", model);
      row.put("batch", batch);
      row.put("faceStepsPerSecond", batch * 1e3 / ms);
      row.put("gflopPerFaceStep", flops / 1e9 / batch);
      rows.add(measured(row, r, flops));
    }
    return rows;
  }

  private List<Map<String, Object>> cloaks() throws RunnerException {
    List<Map<String, Object>> rows = new ArrayList<>();
    List<String[]> runs = new ArrayList<>();
    runs.add(new String[] {"512,lfw", full ? "LOW,MID,HIGH" : "LOW"});
    if (full) {
      runs.add(new String[] {"12mp-1,12mp-5", "LOW"});
    }
    for (String[] run : runs) {
      Collection<RunResult> results = new Runner(jmh(CloakBenchmark.class).param("photo", run[0].split(","))
          .param("preset", run[1].split(",")).warmupIterations(1).measurementIterations(full ? 5 : 3).build()).run();
      for (RunResult r : results) {
        String photo = r.getParams().getParam("photo");
        Preset preset = Preset.valueOf(r.getParams().getParam("preset"));
        double ms = r.getPrimaryResult().getScore();
        List<AlignedFace> faces;
        try (TfFaceAligner aligner = new TfFaceAligner()) {
          faces = aligner.align(PerfInputs.photo(photo));
        }
        int steps = CloakConfig.preset(preset).maxSteps();
        long flops = 0;
        for (AlignedFace face : faces) {
          flops += steps * stepFlops("ensemble", face.crop().getWidth(), 1);
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("photo", photo);
        row.put("preset", preset.name());
        row.put("faces", faces.size());
        row.put("crops", faces.stream().map(f -> f.crop().getWidth()).toList());
        row.put("steps", steps);
        row.put("secondsPerFace", ms / 1e3 / Math.max(1, faces.size()));
        rows.add(measured(row, r, flops));
      }
    }
    return rows;
  }

  private List<Map<String, Object>> detection() throws RunnerException {
    List<Map<String, Object>> rows = new ArrayList<>();
    Collection<RunResult> results = new Runner(jmh(DetectionBenchmark.class)
        .param("photo", full ? new String[] {"12mp-1", "12mp-5"} : new String[] {"12mp-1"})
        .warmupIterations(1).warmupTime(TimeValue.seconds(2))
        .measurementIterations(full ? 5 : 3).measurementTime(TimeValue.seconds(2)).build()).run();
    for (RunResult r : results) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("photo", r.getParams().getParam("photo"));
      row.put("ms", r.getPrimaryResult().getScore());
      row.put("msError", r.getPrimaryResult().getScoreError());
      rows.add(row);
    }
    return rows;
  }

  /** Adds a JMH result's time (ms per operation, 99.9% error), its floor and their ratio to {@code row}. */
  private Map<String, Object> measured(Map<String, Object> row, RunResult r, long flopsPerOperation) {
    double ms = r.getPrimaryResult().getScore();
    double floorMs = flopsPerOperation / peak * 1e3;
    row.put("ms", ms);
    row.put("msError", r.getPrimaryResult().getScoreError());
    row.put("floorMs", floorMs);
    row.put("ratio", ms / floorMs);
    return row;
  }

  /** FLOPs of one step (matrix and elementwise), counted from the graph, which is built but never run. */
  private long stepFlops(String model, int crop, int batch) {
    return flopsCache.computeIfAbsent(model + "/" + crop + "/" + batch, key -> {
      try (CloakLoop loop = loop(model, crop, batch)) {
        return loop.flopsPerStep().total();
      }
    });
  }

  private static CloakLoop loop(String model, int batch) {
    return loop(model, PerfInputs.STEP_CROP, batch);
  }

  private static CloakLoop loop(String model, int crop, int batch) {
    return CloakLoop.create(StepBenchmark.models(model), CloakConfig.preset(Preset.LOW), CloakTuning.forPreset(Preset.LOW),
        crop, batch, Compilation.DEFAULT);
  }

  private static String markdown(Map<String, Object> report, List<Map<String, Object>> steps,
      List<Map<String, Object>> cloaks, List<Map<String, Object>> detection, List<MemoryCheck.Sample> stepMemory,
      List<MemoryCheck.Sample> cloakMemory) {
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "Configuration: %s. CPU: %s, %s cores. Java %s. TensorFlow devices used: %s. "
            + "Peak: %.1f GFLOP/s.%n%n", report.get("configuration"), report.get("cpu"), report.get("cpus"),
        report.get("java"), report.get("devices"), (double) report.get("peakGflops")));
    md.append("| step: model | batch | ms/step | face-steps/s | GFLOP/face-step | floor ms/step | ratio |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (Map<String, Object> r : steps) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %.1f ± %.1f | %.1f | %.3f | %.1f | %.2f |%n", r.get("model"),
          r.get("batch"), r.get("ms"), r.get("msError"), r.get("faceStepsPerSecond"), r.get("gflopPerFaceStep"),
          r.get("floorMs"), r.get("ratio")));
    }
    md.append("\n| cloak: photo | preset | faces (crop px) | steps | s/cloak | s/face | floor s | ratio |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    for (Map<String, Object> r : cloaks) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %d %s | %d | %.2f ± %.2f | %.2f | %.2f | %.2f |%n", r.get("photo"),
          r.get("preset"), r.get("faces"), r.get("crops"), r.get("steps"), (double) r.get("ms") / 1e3,
          (double) r.get("msError") / 1e3, r.get("secondsPerFace"), (double) r.get("floorMs") / 1e3, r.get("ratio")));
    }
    md.append("\n| detection and alignment: photo | ms |\n|---|---|\n");
    for (Map<String, Object> r : detection) {
      md.append(String.format(Locale.ROOT, "| %s | %.0f ± %.0f |%n", r.get("photo"), r.get("ms"), r.get("msError")));
    }
    md.append("\n| memory: after | heap MB | resident MB |\n|---|---|---|\n");
    for (MemoryCheck.Sample s : stepMemory) {
      md.append(String.format(Locale.ROOT, "| %d steps | %.1f | %.0f |%n", s.count(), s.heapMb(), s.residentMb()));
    }
    for (MemoryCheck.Sample s : cloakMemory) {
      md.append(String.format(Locale.ROOT, "| %d cloaks | %.1f | %.0f |%n", s.count(), s.heapMb(), s.residentMb()));
    }
    md.append(String.format(Locale.ROOT, "%nTotal: %.0f s.%n", (double) report.get("seconds")));
    return md.toString();
  }

  private static String cpuName() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
