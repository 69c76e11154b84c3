package dev.fawkes.cli;

import dev.fawkes.CloakConfig;
import dev.fawkes.CloakListener;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.Cloakers;
import dev.fawkes.FawkesException;
import dev.fawkes.NoFaceException;
import dev.fawkes.Preset;
import dev.fawkes.Strategy;
import dev.fawkes.TargetIdentity;
import dev.fawkes.UnprotectedFaceException;
import dev.fawkes.photo.Photo;
import dev.fawkes.photo.Photos;
import dev.fawkes.photo.OutputFormat;
import dev.fawkes.photo.OutputNames;
import dev.fawkes.photo.WriteOptions;
import dev.fawkes.report.Json;
import dev.fawkes.report.PhotoReport;
import dev.fawkes.tf.pool.TargetPool;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fawkes cloak}: cloaks photos of one person, file by file, never touching the inputs. */
@Command(name = "cloak", mixinStandardHelpOptions = true,
    description = "Cloaks photos of one person against face recognition. Writes <name>_cloaked.<ext> "
        + "beside each input (or into --out); inputs are never changed.",
    footer = {"", "Examples:",
        "  fawkes cloak me.jpg",
        "  fawkes cloak --mode high --out protected/ --target-file me.target photos/",
        "", "Exit codes: 0 every face of every photo protected, 1 some photos failed, 2 usage error,",
        "  3 some photos partly protected (a face too small or not within the budget; see --report)."})
final class CloakCommand implements Callable<Integer> {
  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Photos, or folders of photos.")
  private List<Path> paths;

  @Option(names = "--mode", defaultValue = "low", completionCandidates = LowerCaseNames.Presets.class,
      description = "Protection level: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  private Preset mode;

  @Option(names = "--strategy", completionCandidates = LowerCaseNames.Strategies.class,
      description = "${COMPLETION-CANDIDATES} (default: untargeted, as the protection evaluation chose; targeted "
          + "with --target-file).")
  private Strategy strategy;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--threads", defaultValue = "0", description = "Compute threads; 0 for every core.")
  private int threads;

  @Option(names = "--batch-size", description = "Faces optimized together; a folder is read and cloaked this many photos at a time.")
  private Integer batchSize;

  @Option(names = "--recursive", description = "Descend into sub-folders.")
  private boolean recursive;

  @Option(names = "--out", paramLabel = "DIR", description = "Write the cloaked photos here (default: beside each input).")
  private Path out;

  @Option(names = "--format", defaultValue = "png", completionCandidates = LowerCaseNames.Formats.class,
      description = "${COMPLETION-CANDIDATES} (same: JPEG stays JPEG, other formats become PNG) (default: ${DEFAULT-VALUE}).")
  private Format format;

  @Option(names = "--quality", defaultValue = "0.92", description = "JPEG quality in (0, 1] (default: ${DEFAULT-VALUE}).")
  private float quality;

  @Option(names = "--target-file", paramLabel = "FILE",
      description = "The person's target identity: read from FILE if it exists, else chosen and written there. "
          + "Implies --strategy targeted unless --strategy says otherwise.")
  private Path targetFile;

  @Option(names = "--report", paramLabel = "FILE.json", description = "Write a JSON report of every input.")
  private Path report;

  @Option(names = "--copy-unprotected",
      description = "Write photos without a face to the output too (unchanged pixels, no metadata); by default they get no output.")
  private boolean copyUnprotected;

  @Option(names = "--keep-metadata",
      description = "Copy EXIF and XMP (GPS position, camera serial, names...) to the output; by default only the "
          + "ICC colour profile is kept.")
  private boolean keepMetadata;

  @Option(names = "--require-all-faces",
      description = "Fail a photo (no output, exit 1) when one of its faces cannot be protected; by default it is "
          + "written with the faces that are, and reported as partly-protected (exit 3).")
  private boolean requireAllFaces;

  @Option(names = "--min-face", paramLabel = "PX", defaultValue = "32",
      description = "Smallest face to cloak, as the side of its box in pixels (at least 32, the default); smaller "
          + "faces are left unchanged and reported too-small.")
  private int minFace;

  @Option(names = "--skip-existing", description = "Skip inputs whose output already exists (resume a run).")
  private boolean skipExisting;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    CloakConfig config = config();
    if (quality <= 0 || quality > 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--quality must be in (0, 1], not " + quality);
    }
    List<Path> inputs = inputs();
    if (inputs.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "no photo found in " + paths);
    }
    if (out != null) {
      Files.createDirectories(out);
    }
    List<Map<String, Object>> entries = new ArrayList<>();
    Map<Path, Path> outputOf = new HashMap<>(); // output -> the input that claimed it
    Counts counts = new Counts();
    long start = System.nanoTime();
    Progress progress = new Progress(stdout, inputs.size(), System.console() != null);
    TargetIdentity target;
    // The output's name says PNG or JPEG (see output()), so the format follows from it.
    WriteOptions writing = WriteOptions.builder().jpegQuality(quality).keepMetadata(keepMetadata).build();
    try (Cloaker cloaker = Cloakers.create(config)) {
      target = target(cloaker, inputs, err);
      // Photos go to the cloaker a batch at a time, so that faces of different photos share the
      // optimizer's batch; memory holds one batch of photos, not the folder.
      int group = config.batchSize();
      for (int first = 0; first < inputs.size(); first += group) {
        List<Job> jobs = new ArrayList<>();
        for (Path input : inputs.subList(first, Math.min(inputs.size(), first + group))) {
          jobs.add(prepare(input, outputOf));
        }
        long t0 = System.nanoTime();
        int handled = entries.size();
        int batch = jobs.size();
        cloak(cloaker, target, jobs.stream().filter(j -> j.photo != null).toList(),
            p -> progress.within(handled, batch, p.fraction()));
        double seconds = (System.nanoTime() - t0) / 1e9 / jobs.size();
        for (Job job : jobs) {
          finish(job, writing, counts, err);
          job.entry.put("seconds", job.seconds + seconds);
          entries.add(job.entry);
          progress.update(entries.size(), job.input, (String) job.entry.get("status"), job.seconds + seconds);
        }
      }
    }
    progress.finish();
    stdout.printf(Locale.ROOT, "%d cloaked, %d partly protected, %d without a face, %d failed, %d skipped, in %.1f s%n",
        counts.done, counts.partly, counts.noFace, counts.failed, counts.skipped, (System.nanoTime() - start) / 1e9);
    if (report != null) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("config", config.toString());
      json.put("target", target == null ? "none (untargeted)" : target.toString());
      json.put("files", entries);
      Files.writeString(report, Json.write(json), StandardCharsets.UTF_8);
    }
    return counts.failed > 0 ? 1 : counts.partly > 0 ? 3 : 0;
  }

  /** One input on its way through a batch: its entry in the report, and its photo once read. */
  private static final class Job {
    final Path input;
    final Path output;
    final Map<String, Object> entry = new LinkedHashMap<>();
    Photo photo;
    CloakResult result;
    FawkesException error;
    boolean skipped;
    /** Time spent on this input alone (reading, writing), beside its share of the batch's cloak. */
    double seconds;

    Job(Path input, Path output) {
      this.input = input;
      this.output = output;
      entry.put("input", input.toString());
    }
  }

  /** What the run did, counted as each input finishes. */
  private static final class Counts {
    int done;
    int partly;
    int noFace;
    int failed;
    int skipped;
  }

  /** Checks an input's output and reads its photo; records why where it cannot be cloaked. */
  private Job prepare(Path input, Map<Path, Path> outputOf) {
    long t0 = System.nanoTime();
    Job job = new Job(input, output(input));
    try {
      if (skipExisting && Files.exists(job.output)) {
        job.skipped = true;
      } else {
        if (job.output.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize())) {
          throw new FawkesException("the output would overwrite the input; use --out");
        }
        // a.png and a.webp both give a_cloaked.png: the second must not replace the first.
        Path claimed = outputOf.putIfAbsent(job.output.toAbsolutePath().normalize(), input);
        if (claimed != null) {
          throw new FawkesException("its output " + job.output + " is already " + claimed
              + "'s in this run; rename one of them or cloak them into different folders");
        }
        job.photo = Photos.read(input);
      }
    } catch (FawkesException e) { // photo I/O failures are ImageExceptions
      job.error = e;
    }
    job.seconds = (System.nanoTime() - t0) / 1e9;
    return job;
  }

  /**
   * Cloaks the photos of one batch in one call. A call fails as a whole when one photo cannot be
   * used, so then each photo is cloaked on its own, and only the photo at fault fails; with
   * --require-all-faces only the photos with a face left unprotected fail. The listener hears of the
   * batch's call, not of the calls of one photo that follow a failure.
   */
  private static void cloak(Cloaker cloaker, TargetIdentity target, List<Job> jobs, CloakListener listener) {
    if (jobs.isEmpty()) {
      return;
    }
    List<BufferedImage> images = jobs.stream().map(j -> j.photo.image()).toList();
    try {
      List<CloakResult> results = target == null ? cloaker.cloakAll(images, listener)
          : cloaker.cloakAll(images, target, listener);
      for (int i = 0; i < jobs.size(); i++) {
        jobs.get(i).result = results.get(i);
      }
    } catch (UnprotectedFaceException e) {
      for (int i = 0; i < jobs.size(); i++) {
        CloakResult result = e.results().get(i);
        if (result.status() == CloakResult.Status.PARTLY_PROTECTED) {
          jobs.get(i).error = new UnprotectedFaceException(PhotoReport.unprotected(result) + "; --require-all-faces fails the photo "
              + "(leave it off to write the photo with its other faces protected)", List.of(result));
        } else {
          jobs.get(i).result = result;
        }
      }
    } catch (FawkesException e) {
      if (jobs.size() == 1) {
        jobs.get(0).error = e;
        return;
      }
      for (Job job : jobs) {
        cloak(cloaker, target, List.of(job), p -> { });
      }
    }
  }

  /** Writes one input's output and fills its report entry. */
  private void finish(Job job, WriteOptions writing, Counts counts, PrintWriter err) {
    long t0 = System.nanoTime();
    try {
      if (job.skipped) {
        job.entry.put("status", "skipped");
        counts.skipped++;
        return;
      }
      if (job.error != null) {
        throw job.error;
      }
      CloakResult result = job.result;
      job.entry.put("faces", PhotoReport.faces(result));
      CloakResult.Status status = result.status();
      job.entry.put("status", status.label());
      if (status == CloakResult.Status.NO_FACE) {
        if (copyUnprotected) {
          Photos.write(job.photo.withImage(result.image()), job.output, writing);
          job.entry.put("output", job.output.toString());
        }
        counts.noFace++;
        return;
      }
      // A partly protected photo is written too: its other faces are protected.
      Photos.write(job.photo.withImage(result.image()), job.output, writing);
      job.entry.put("output", job.output.toString());
      if (status == CloakResult.Status.CLOAKED) {
        counts.done++;
      } else {
        counts.partly++;
        err.println("fawkes: " + job.input + ": partly protected: " + PhotoReport.unprotected(result));
      }
    } catch (FawkesException e) {
      counts.failed++;
      job.entry.put("status", "failed");
      job.entry.put("error", e.getMessage());
      String message = String.valueOf(e.getMessage());
      err.println("fawkes: " + (message.contains(job.input.toString()) ? message : job.input + ": " + message));
    } finally {
      job.seconds += (System.nanoTime() - t0) / 1e9;
      job.photo = null; // the batch's photos are let go as soon as they are written
    }
  }

  private CloakConfig config() {
    CloakConfig.Builder builder = CloakConfig.builder(mode).seed(seed).threads(threads).requireAllFaces(requireAllFaces)
        .minFaceSide(minFace);
    if (strategy != null) {
      builder.strategy(strategy);
    } else if (targetFile != null) {
      // A target file only means something for a targeted cloak.
      builder.strategy(Strategy.TARGETED);
    }
    if (batchSize != null) {
      builder.batchSize(batchSize);
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** The target from --target-file, or chosen from the inputs and written there; null when untargeted. */
  private TargetIdentity target(Cloaker cloaker, List<Path> inputs, PrintWriter err) throws IOException {
    if (cloaker.config().strategy() == Strategy.UNTARGETED) {
      return null;
    }
    if (targetFile != null && Files.exists(targetFile)) {
      String text = Files.readString(targetFile, StandardCharsets.UTF_8).trim();
      TargetIdentity stored;
      try {
        stored = TargetIdentity.parse(text);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--target-file " + targetFile
            + " does not hold a target identity (" + e.getMessage() + "); delete it to choose a new one");
      }
      TargetPool pool = TargetPool.bundled();
      if (!stored.pool().equals(pool.name()) || !pool.identities().contains(stored.id())) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--target-file " + targetFile + " names "
            + stored + ", which is not in the bundled pool '" + pool.name() + "'; delete it to choose a new one");
      }
      return stored;
    }
    List<BufferedImage> photos = new ArrayList<>();
    for (Path input : inputs) {
      try {
        photos.add(Photos.readImage(input));
      } catch (FawkesException e) {
        // Reported when the file's turn comes.
      }
    }
    if (photos.isEmpty()) {
      return null;
    }
    TargetIdentity target;
    try {
      target = cloaker.chooseTarget(photos);
    } catch (NoFaceException e) {
      return null; // no face anywhere: every file reports it
    }
    if (targetFile != null) {
      Files.writeString(targetFile, target + System.lineSeparator(), StandardCharsets.UTF_8);
      err.println("fawkes: chose target " + target + ", written to " + targetFile);
    }
    return target;
  }

  private List<Path> inputs() throws IOException {
    List<Path> inputs = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> files = recursive ? Files.walk(path) : Files.list(path)) {
          // Regular files and links: a broken link among the photos is reported, not silently passed
          // over. Pipes and devices are left out: reading one could block for ever.
          files.filter(p -> Files.isRegularFile(p) || Files.isSymbolicLink(p))
              .filter(p -> OutputNames.isUncloakedPhoto(p.getFileName().toString())).sorted().forEach(inputs::add);
        }
      } else if (Files.exists(path)) {
        inputs.add(path);
      } else {
        throw new CommandLine.ParameterException(spec.commandLine(), path + " does not exist");
      }
    }
    return inputs;
  }

  /** {@code <name>_cloaked.<ext>}, in --out or beside the input; a name can never leave --out. */
  private Path output(Path input) {
    String file = OutputNames.cloaked(input.getFileName().toString(), format.format);
    Path dir = out != null ? out : input.toAbsolutePath().getParent();
    return dir.resolve(file);
  }

  /** The values of --format. */
  enum Format {
    /** Lossless PNG. */
    PNG(OutputFormat.PNG),
    /** JPEG at --quality. */
    JPG(OutputFormat.JPEG),
    /** JPEG for JPEG inputs, PNG for the rest. */
    SAME(OutputFormat.SAME_AS_INPUT);

    final OutputFormat format;

    Format(OutputFormat format) {
      this.format = format;
    }
  }

}
