package dev.fawkes.beam;

import static java.util.Objects.requireNonNull;

import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.Cloakers;
import dev.fawkes.FawkesException;
import dev.fawkes.NoFaceException;
import dev.fawkes.Preset;
import dev.fawkes.Strategy;
import dev.fawkes.TargetIdentity;
import dev.fawkes.photo.OutputFormat;
import dev.fawkes.photo.OutputNames;
import dev.fawkes.photo.Photo;
import dev.fawkes.photo.Photos;
import dev.fawkes.photo.WriteOptions;
import dev.fawkes.report.Json;
import dev.fawkes.report.PhotoReport;
import dev.fawkes.tf.pool.TargetPool;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Cloaks the photos that file patterns match, writing {@code <output>/<person>/<name>_cloaked.png}
 * as {@code fawkes cloak --out <output>/<person> <person's photos>} would: the same names,
 * metadata policy (only the ICC profile kept) and batches. A person's photos are sorted by path and
 * cloaked {@link CloakConfig#batchSize()} at a time, so the batches, and with them every output
 * pixel, do not depend on the runner's bundles; a retried bundle rewrites the same bytes, each write
 * goes to a temporary file renamed into place, and a photo whose output exists is skipped.
 *
 * <p>The input is a collection of file patterns or paths; the result has the report lines (one
 * JSON line per photo, the entries of {@code fawkes cloak --report}) under {@link #REPORT} and the
 * photos that could not be cloaked (unreadable, too large, no face) under {@link #DEAD_LETTER}, as
 * JSON lines {@code {"input", "status", "reason"}}. Immutable; the DoFns are serialized to workers.
 */
public final class CloakPhotos extends PTransform<PCollection<String>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;
  /** Each photo's outcome at DEBUG: quiet by default, as a job of millions of photos should be. */
  private static final System.Logger LOG = System.getLogger(CloakPhotos.class.getName());
  /** The report lines. */
  public static final TupleTag<String> REPORT = new TupleTag<>() { };
  /** The photos that could not be cloaked, with the reason. */
  public static final TupleTag<String> DEAD_LETTER = new TupleTag<>() { };
  /** Largest file read: a bigger one goes to the dead letter before it is read into memory. */
  static final long MAX_FILE_BYTES = 256L << 20;
  /** A person's target is chosen from at most this many of their photos (the first, by path). */
  static final int TARGET_SAMPLE = 32;
  /** The name of a person's target file in their output folder; text as TargetIdentity#toString. */
  public static final String TARGET_FILE = "target";

  private final Settings config;
  private final String output;
  private final PersonKey personKey;

  /**
   * How to cloak, in the form that travels to the workers ({@link CloakConfig} is not serializable).
   *
   * @param mode the preset
   * @param strategy which way the cloak pushes
   * @param seed the seed of every random choice
   * @param threads each worker cloaker's compute threads; 0 for every core
   */
  public record Settings(Preset mode, Strategy strategy, long seed, int threads) implements Serializable {
    /** Checks the values as {@link CloakConfig.Builder#build()} does. */
    public Settings {
      requireNonNull(mode, "mode");
      requireNonNull(strategy, "strategy");
      CloakConfig.builder(mode).strategy(strategy).seed(seed).threads(threads).build();
    }

    /** {@return the configuration} */
    public CloakConfig config() {
      return CloakConfig.builder(mode).strategy(strategy).seed(seed).threads(threads).build();
    }
  }

  /**
   * The transform.
   *
   * @param config how to cloak
   * @param output the output folder, in any Beam filesystem
   * @param personKey who each photo belongs to
   */
  public CloakPhotos(Settings config, String output, PersonKey personKey) {
    this.config = requireNonNull(config, "config");
    this.output = requireNonNull(output, "output");
    this.personKey = requireNonNull(personKey, "personKey");
  }

  /** One photo: its path and size. */
  record Input(String path, long size) implements Serializable { }

  /** Up to a batch of one person's photos, cloaked in one call, and the person's target (or null). */
  record Chunk(String person, String target, List<Input> inputs) implements Serializable { }

  @Override
  public PCollectionTuple expand(PCollection<String> patterns) {
    PCollection<MatchResult.Metadata> files = patterns
        .apply("Match", FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
        .apply("Photos only", Filter.by(m -> !m.resourceId().isDirectory()
            && OutputNames.isUncloakedPhoto(m.resourceId().getFilename())));
    TupleTag<KV<String, Input>> keyed = new TupleTag<>("keyed");
    PCollectionTuple byPerson = files.apply("Person", ParDo.of(new KeyFn(personKey, keyed))
        .withOutputTags(keyed, TupleTagList.of(DEAD_LETTER)));
    PCollection<KV<String, Input>> inputs = byPerson.get(keyed)
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(Input.class)));
    PCollection<Chunk> chunks = inputs.apply("Group by person", GroupByKey.create())
        .apply("Batches and target", ParDo.of(new ChunkFn(config, output)))
        .setCoder(SerializableCoder.of(Chunk.class))
        .apply("Spread", Reshuffle.viaRandomKey());
    PCollectionTuple cloaked = chunks.apply("Cloak", ParDo.of(new CloakFn(config, output))
        .withOutputTags(REPORT, TupleTagList.of(DEAD_LETTER)));
    PCollection<String> dead = PCollectionList.of(byPerson.get(DEAD_LETTER).setCoder(StringUtf8Coder.of()))
        .and(cloaked.get(DEAD_LETTER).setCoder(StringUtf8Coder.of()))
        .apply("Dead letters", Flatten.pCollections());
    return PCollectionTuple.of(REPORT, cloaked.get(REPORT).setCoder(StringUtf8Coder.of())).and(DEAD_LETTER, dead);
  }

  static String deadLetter(String input, String status, String reason) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("input", input);
    line.put("status", status);
    line.put("reason", reason);
    return Json.line(line);
  }

  /** The person's output folder. */
  static ResourceId folder(String output, String person) {
    return FileSystems.matchNewResource(output, true).resolve(person, StandardResolveOptions.RESOLVE_DIRECTORY);
  }

  static boolean exists(ResourceId resource) throws IOException {
    MatchResult match = FileSystems.match(resource.toString(), EmptyMatchTreatment.ALLOW);
    return match.status() == MatchResult.Status.OK && !match.metadata().isEmpty();
  }

  /**
   * Writes bytes through a temporary file beside the target, renamed into place: a reader never
   * sees half a file, and a retried write replaces the file with the same bytes.
   */
  static void writeAtomically(byte[] bytes, ResourceId target) throws IOException {
    ResourceId tmp = target.getCurrentDirectory()
        .resolve("." + target.getFilename() + "." + UUID.randomUUID() + ".tmp", StandardResolveOptions.RESOLVE_FILE);
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(tmp, "application/octet-stream"))) {
      out.write(bytes);
    }
    FileSystems.rename(List.of(tmp), List.of(target), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  static byte[] read(ResourceId resource) throws IOException {
    try (InputStream in = Channels.newInputStream(FileSystems.open(resource))) {
      return in.readAllBytes();
    }
  }

  /** Keys each photo by its person; a path that names no person goes to the dead letter. */
  static final class KeyFn extends DoFn<MatchResult.Metadata, KV<String, Input>> {
    private static final long serialVersionUID = 1L;
    private final PersonKey key;
    private final TupleTag<KV<String, Input>> keyed;

    KeyFn(PersonKey key, TupleTag<KV<String, Input>> keyed) {
      this.key = key;
      this.keyed = keyed;
    }

    @ProcessElement
    public void process(@Element MatchResult.Metadata file, MultiOutputReceiver out) {
      String path = file.resourceId().toString();
      try {
        out.get(keyed).output(KV.of(key.of(path), new Input(path, file.sizeBytes())));
      } catch (IllegalArgumentException e) {
        out.get(DEAD_LETTER).output(deadLetter(path, "failed", e.getMessage()));
      }
    }
  }

  /**
   * Sorts a person's photos by path and cuts them into batches, as {@code fawkes cloak} does with
   * a folder; when targeted, reads the person's stored target or chooses and stores one. The
   * cloaker is created only when a target must be chosen.
   */
  static final class ChunkFn extends DoFn<KV<String, Iterable<Input>>, Chunk> {
    private static final long serialVersionUID = 1L;
    private final Settings settings;
    private final String output;
    private transient Cloaker cloaker;

    ChunkFn(Settings settings, String output) {
      this.settings = settings;
      this.output = output;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<Input>> person, OutputReceiver<Chunk> out) throws IOException {
      List<Input> inputs = new ArrayList<>();
      person.getValue().forEach(inputs::add);
      inputs.sort(Comparator.comparing(Input::path));
      String target = settings.strategy() == Strategy.TARGETED ? target(person.getKey(), inputs) : null;
      int batch = settings.config().batchSize();
      for (int first = 0; first < inputs.size(); first += batch) {
        out.output(new Chunk(person.getKey(), target,
            new ArrayList<>(inputs.subList(first, Math.min(inputs.size(), first + batch)))));
      }
    }

    /** The stored target, checked against the bundled pool, or one chosen from the photos and stored. */
    private String target(String person, List<Input> inputs) throws IOException {
      ResourceId file = folder(output, person).resolve(TARGET_FILE, StandardResolveOptions.RESOLVE_FILE);
      if (exists(file)) {
        String text = new String(read(file), StandardCharsets.UTF_8).trim();
        TargetIdentity stored = TargetIdentity.parse(text);
        TargetPool pool = TargetPool.bundled();
        if (!stored.pool().equals(pool.name()) || !pool.identities().contains(stored.id())) {
          throw new FawkesException(file + " names " + stored + ", which is not in the bundled pool '" + pool.name()
              + "'; delete it to choose a new one");
        }
        return stored.toString();
      }
      List<BufferedImage> photos = new ArrayList<>();
      for (Input input : inputs.subList(0, Math.min(inputs.size(), TARGET_SAMPLE))) {
        try {
          if (input.size() <= MAX_FILE_BYTES) {
            photos.add(Photos.decode(read(FileSystems.matchNewResource(input.path(), false)), input.path(),
                Photos.DEFAULT_MAX_PIXELS).image());
          }
        } catch (FawkesException | IOException e) {
          // Reported when the photo's turn comes.
        }
      }
      if (photos.isEmpty()) {
        return null;
      }
      if (cloaker == null) {
        cloaker = Cloakers.create(settings.config());
      }
      TargetIdentity chosen;
      try {
        chosen = cloaker.chooseTarget(photos);
      } catch (NoFaceException e) {
        return null; // no face anywhere: every photo reports it
      }
      writeAtomically((chosen + "\n").getBytes(StandardCharsets.UTF_8), file);
      return chosen.toString();
    }

    @Teardown
    public void teardown() {
      if (cloaker != null) {
        cloaker.close();
      }
    }
  }

  /** Cloaks one batch of a person's photos in one call with the worker's cloaker and writes them. */
  static final class CloakFn extends DoFn<Chunk, String> {
    private static final long serialVersionUID = 1L;
    private final Settings settings;
    private final String output;
    private final Counter photos = Metrics.counter(CloakPhotos.class, "photos");
    private final Counter faces = Metrics.counter(CloakPhotos.class, "faces");
    private final Counter failures = Metrics.counter(CloakPhotos.class, "failures");
    private final Counter skipped = Metrics.counter(CloakPhotos.class, "skipped");
    private final Counter cloakSeconds = Metrics.counter(CloakPhotos.class, "cloakSeconds");
    private final Distribution photoMillis = Metrics.distribution(CloakPhotos.class, "cloakMillisPerPhoto");
    private transient Cloaker cloaker;
    /** Cloaking time not yet counted in whole seconds. */
    private transient long carryNanos;

    CloakFn(Settings settings, String output) {
      this.settings = settings;
      this.output = output;
    }

    @Setup
    public void setup() {
      cloaker = Cloakers.create(settings.config());
    }

    @Teardown
    public void teardown() {
      if (cloaker != null) {
        cloaker.close();
      }
    }

    /** One photo of the batch on its way: its report entry and, once read, its photo. */
    private static final class Job {
      final Input input;
      final ResourceId out;
      final Map<String, Object> entry = new LinkedHashMap<>();
      Photo photo;
      CloakResult result;
      String error;
      double seconds;

      Job(Input input, ResourceId out) {
        this.input = input;
        this.out = out;
        entry.put("input", input.path());
      }
    }

    @ProcessElement
    public void process(@Element Chunk chunk, MultiOutputReceiver out) {
      ResourceId folder = folder(output, chunk.person());
      List<Job> jobs = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (Input input : chunk.inputs()) {
        long t0 = System.nanoTime();
        String name = OutputNames.cloaked(FileSystems.matchNewResource(input.path(), false).getFilename(),
            OutputFormat.PNG);
        Job job = new Job(input, folder.resolve(name, StandardResolveOptions.RESOLVE_FILE));
        jobs.add(job);
        try {
          if (exists(job.out)) {
            job.entry.put("status", "skipped");
          } else if (!names.add(name)) {
            job.error = "its output " + job.out + " is another photo's of this person; rename one of them";
          } else if (input.size() > MAX_FILE_BYTES) {
            job.error = input.path() + " is " + (input.size() >> 20) + " MiB; files over " + (MAX_FILE_BYTES >> 20)
                + " MiB are refused";
          } else {
            job.photo = Photos.decode(read(FileSystems.matchNewResource(input.path(), false)), input.path(),
                Photos.DEFAULT_MAX_PIXELS);
          }
        } catch (FawkesException | IOException e) {
          job.error = e.getMessage();
        }
        job.seconds = (System.nanoTime() - t0) / 1e9;
      }
      TargetIdentity target = chunk.target() == null ? null : TargetIdentity.parse(chunk.target());
      long t0 = System.nanoTime();
      cloak(target, jobs.stream().filter(j -> j.photo != null).toList());
      long spent = System.nanoTime() - t0;
      carryNanos += spent;
      cloakSeconds.inc(carryNanos / 1_000_000_000L);
      carryNanos %= 1_000_000_000L;
      double share = spent / 1e9 / jobs.size();
      for (Job job : jobs) {
        finish(job, out);
        job.entry.put("seconds", job.seconds + share);
        LOG.log(System.Logger.Level.DEBUG, "{0}: {1}", job.input.path(), job.entry.get("status"));
        out.get(REPORT).output(Json.line(job.entry));
      }
    }

    /** One call for the batch; where it fails as a whole, each photo alone, so only the one at fault fails. */
    private void cloak(TargetIdentity target, List<Job> jobs) {
      if (jobs.isEmpty()) {
        return;
      }
      List<BufferedImage> images = jobs.stream().map(j -> j.photo.image()).toList();
      try {
        List<CloakResult> results = target == null ? cloaker.cloakAll(images) : cloaker.cloakAll(images, target);
        for (int i = 0; i < jobs.size(); i++) {
          jobs.get(i).result = results.get(i);
        }
      } catch (FawkesException e) {
        if (jobs.size() == 1) {
          jobs.get(0).error = e.getMessage();
          return;
        }
        for (Job job : jobs) {
          cloak(target, List.of(job));
        }
      }
    }

    private void finish(Job job, MultiOutputReceiver out) {
      long t0 = System.nanoTime();
      try {
        if (job.entry.containsKey("status")) {
          skipped.inc();
          return;
        }
        if (job.error == null) {
          CloakResult result = job.result;
          job.entry.putAll(PhotoReport.cloaked(job.input.path(), result));
          if (result.status() == CloakResult.Status.NO_FACE) {
            failures.inc();
            out.get(DEAD_LETTER).output(deadLetter(job.input.path(), result.status().label(), "no face found"));
            return;
          }
          try {
            writeAtomically(Photos.encode(job.photo.withImage(result.image()), job.out.getFilename(),
                WriteOptions.defaults()), job.out);
            job.entry.put("output", job.out.toString());
            photos.inc();
            faces.inc(result.faces().stream().filter(f -> f.isProtected()).count());
            photoMillis.update(Math.round(result.faces().isEmpty() ? 0 : job.seconds * 1000));
            return;
          } catch (FawkesException | IOException e) {
            job.entry.clear();
            job.entry.put("input", job.input.path());
            job.error = "cannot write " + job.out + ": " + e.getMessage();
          }
        }
        job.entry.putAll(PhotoReport.failed(job.input.path(), job.error));
        failures.inc();
        out.get(DEAD_LETTER).output(deadLetter(job.input.path(), "failed", job.error));
      } finally {
        job.seconds += (System.nanoTime() - t0) / 1e9;
        job.photo = null;
      }
    }
  }
}
