package dev.fawkes.serve;

import static java.util.Objects.requireNonNull;

import dev.fawkes.CloakConfig;
import dev.fawkes.Cloaker;
import dev.fawkes.Cloakers;
import dev.fawkes.Preset;
import dev.fawkes.TargetIdentity;
import dev.fawkes.photo.OutputFormat;
import dev.fawkes.photo.OutputNames;
import dev.fawkes.photo.Photos;
import dev.fawkes.report.Json;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The {@code fawkes serve} server: a web page for people at {@code /} and an HTTP API for services
 * under {@code /api/v1}, on Javalin (Jetty).
 *
 * <pre>{@code
 * try (FawkesServer server = FawkesServer.builder().port(0).build().start()) {
 *   System.out.println(server.pageUrl()); // the page, carrying the token
 *   server.awaitClose();
 * }
 * }</pre>
 *
 * <p>One cloaker, created at start, serves every request; requests wait in a bounded queue and one
 * worker cloaks them one at a time (a cloaker serves one call at a time anyway). A request that
 * finds the queue full gets {@code 503} with {@code Retry-After}; one that runs past the time limit
 * is stopped and gets {@code 504}. Uploads stay in memory, bounded by the upload limit; nothing
 * from a request names a file. The API requires the token ({@code Authorization: Bearer TOKEN}),
 * random per start unless given; the page gets it from the server. Requests with a {@code Host}
 * that is not this server's or an {@code Origin} of another site are refused ({@code 403}), so
 * another web site open in the same browser cannot drive the server (cross-site requests, DNS
 * rebinding). See docs/reliability.md.
 *
 * <p>Thread-safe: {@link #start()} and {@link #close()} may be called from any thread, once each;
 * the getters answer from any thread.
 */
public final class FawkesServer implements AutoCloseable {
  /** The environment variable {@code fawkes serve} reads the token from. */
  public static final String TOKEN_ENV = "FAWKES_TOKEN";

  private final Builder settings;
  private final String token;
  private final boolean loopback;
  private final RequestGuard guard;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final String page;
  private volatile boolean closing;
  private CloakWorker worker;
  private Javalin app;
  private Path spool;
  private final Object closed = new Object();
  private boolean isClosed;

  private FawkesServer(Builder b) {
    this.settings = b;
    this.loopback = RequestGuard.isLoopback(b.bind);
    if (!loopback && b.token == null) {
      throw new IllegalArgumentException("binding to " + b.bind + ", which other machines can reach, needs a token: "
          + "pass --token (or set " + TOKEN_ENV + ") and give it to the services that call the API");
    }
    if (b.token != null && b.token.length() < 16) {
      throw new IllegalArgumentException("the token must be at least 16 characters long");
    }
    byte[] bytes = new byte[24]; // 192 bits
    random.nextBytes(bytes);
    this.token = b.token != null ? b.token : HexFormat.of().formatHex(bytes);
    this.page = resource("web/index.html").replace("@TOKEN@", token);
    this.guard = new RequestGuard(b.bind, loopback, b.hosts, token, this::port, this::pageUrl);
  }

  /** {@return a builder with the defaults: port 8080 on 127.0.0.1, a random token, mode LOW loaded} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads the cloaker and starts listening.
   *
   * @return this server
   * @throws IllegalStateException if started before, or the port is taken
   */
  public synchronized FawkesServer start() {
    if (app != null) {
      throw new IllegalStateException("already started");
    }
    worker = new CloakWorker(settings.cloakers, settings.preset, settings.queueSize, settings.maxPixels,
        settings.timeLimit);
    try {
      // Uploads are held in memory (the in-memory limit is the upload limit); the multipart parser
      // still wants a folder, so it gets a private one, removed at close.
      spool = Files.getFileStore(Path.of(System.getProperty("java.io.tmpdir"))).supportsFileAttributeView("posix")
          ? Files.createTempDirectory("fawkes-serve-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
          : Files.createTempDirectory("fawkes-serve-"); // Windows: the user's own temp folder is private
    } catch (IOException e) {
      worker.close();
      throw new IllegalStateException("cannot create a private temporary folder: " + e.getMessage(), e);
    }
    int inMemory = (int) Math.min(Integer.MAX_VALUE, settings.maxUploadBytes);
    app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.http.maxRequestSize = 1 << 16; // bodies other than uploads are small
      config.jetty.multipartConfig.cacheDirectory(spool.toString());
      config.jetty.multipartConfig.maxInMemoryFileSize(inMemory, SizeUnit.BYTES);
      config.jetty.multipartConfig.maxFileSize(settings.maxUploadBytes, SizeUnit.BYTES);
      config.jetty.multipartConfig.maxTotalRequestSize(settings.maxUploadBytes, SizeUnit.BYTES);
      config.jetty.modifyServer(server -> server.setStopTimeout(2_000));
      // Fawkes-Report carries every face of the photo: a group photo's is over Jetty's default 8 KiB.
      config.jetty.modifyHttpConfiguration(http -> http.setResponseHeaderSize(64 * 1024));
      config.routes.exception(Refused.class, (e, ctx) -> {
        e.headers.forEach(ctx::header);
        ctx.status(e.status).contentType("application/json").result(Json.write(Map.of("error", e.getMessage())));
      });
      config.routes.before(guard::check);
      config.routes.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(page));
      config.routes.get("/app.js", ctx -> ctx.contentType("text/javascript; charset=utf-8").result(resource("web/app.js")));
      config.routes.get("/app.css", ctx -> ctx.contentType("text/css; charset=utf-8").result(resource("web/app.css")));
      config.routes.get("/api/v1/health", this::health);
      config.routes.get("/api/v1/version", ctx -> json(ctx, 200, Map.of("fawkes", version(), "api", "v1")));
      config.routes.post("/api/v1/cloak", this::cloak);
      config.routes.post("/api/v1/jobs", this::submitJob);
      config.routes.get("/api/v1/jobs/{id}", ctx -> json(ctx, 200, job(ctx).status()));
      config.routes.delete("/api/v1/jobs/{id}", ctx -> {
        Job job = job(ctx);
        worker.cancel(job);
        json(ctx, 200, job.status());
      });
      config.routes.get("/api/v1/jobs/{id}/photos/{index}", this::photo);
      config.routes.get("/api/v1/jobs/{id}/zip", ctx -> zip(ctx, job(ctx)));
    });
    try {
      app.start(settings.bind, settings.port);
    } catch (RuntimeException e) {
      close();
      throw new IllegalStateException("cannot listen on " + settings.bind + ":" + settings.port + ": " + e.getMessage()
          + " (choose another --port, or 0 for a free one)", e);
    }
    return this;
  }

  /** {@return the port listened on, the one picked where the builder said 0} */
  public int port() {
    return app.port();
  }

  /** {@return the token the API requires} */
  public String token() {
    return token;
  }

  /** {@return the page's address, http://127.0.0.1:PORT/ or the bound address} */
  public String pageUrl() {
    String host = loopback || settings.bind.equals("0.0.0.0") || settings.bind.equals("::") ? "127.0.0.1"
        : settings.bind.contains(":") ? "[" + settings.bind + "]" : settings.bind;
    return "http://" + host + ":" + port() + "/";
  }

  /** Blocks until {@link #close()} has run. */
  public void awaitClose() throws InterruptedException {
    synchronized (closed) {
      while (!isClosed) {
        closed.wait();
      }
    }
  }

  /**
   * Stops: new requests get {@code 503}, the running and queued jobs get the builder's grace period
   * to finish, what is left then ends cancelled (its requests answered {@code 503}), and the
   * cloaker, the port and the private folder are released. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closing && isClosed) {
      return;
    }
    closing = true;
    if (worker != null) {
      worker.shutdown(settings.grace);
    }
    jobs.values().forEach(j -> j.end(Job.State.FAILED, "the server is shutting down; try again once it is back"));
    if (app != null) {
      app.stop();
    }
    if (spool != null) {
      try (Stream<Path> files = Files.walk(spool)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    synchronized (closed) {
      isClosed = true;
      closed.notifyAll();
    }
  }

  // ---- the API ----

  private void health(Context ctx) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("status", closing ? "closing" : "ok");
    h.put("running", worker.running());
    h.put("queued", worker.queued());
    h.put("queueSize", settings.queueSize);
    json(ctx, closing ? 503 : 200, h);
  }

  /** {@code POST /api/v1/cloak}: cloaks the uploads and answers with the result, synchronously. */
  private void cloak(Context ctx) throws InterruptedException {
    Job job = enqueue(ctx);
    try {
      job.done.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e); // never completed exceptionally
    } catch (InterruptedException e) {
      worker.cancel(job);
      throw e;
    } finally {
      jobs.remove(job.id);
    }
    if (job.state() != Job.State.DONE) {
      boolean timedOut = String.valueOf(job.error()).contains("time limit");
      throw new Refused(timedOut ? 504 : 503, job.error(),
          timedOut ? Map.of() : Map.of("Retry-After", String.valueOf(worker.retryAfterSeconds())));
    }
    if (job.uploads.size() > 1) {
      zip(ctx, job);
      return;
    }
    Job.Upload u = job.uploads.get(0);
    String status = String.valueOf(u.entry.get("status"));
    if (status.equals("failed") || status.equals("no-face")) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", status.equals("failed") ? u.entry.get("error") : u.name + ": no face found; nothing to cloak");
      body.put("report", job.report());
      json(ctx, 422, body);
      return;
    }
    ctx.header("Fawkes-Status", status);
    ctx.header("Fawkes-Report", ascii(Json.line(job.report())));
    ctx.header("Content-Disposition", "attachment; filename=\"" + u.outputName + "\"");
    ctx.contentType(u.outputName.endsWith(".png") ? "image/png" : "image/jpeg").result(u.output);
  }

  /** {@code POST /api/v1/jobs}: queues the uploads for the page, which polls the job. */
  private void submitJob(Context ctx) {
    Job job = enqueue(ctx);
    json(ctx, 202, job.status());
  }

  private Job enqueue(Context ctx) {
    if (closing) {
      throw new Refused(503, "the server is shutting down", Map.of("Retry-After", "10"));
    }
    long length = ctx.req().getContentLengthLong();
    if (length > settings.maxUploadBytes) {
      throw new Refused(413, tooLarge());
    }
    List<UploadedFile> files;
    Preset preset;
    TargetIdentity target;
    OutputFormat format;
    try {
      files = ctx.uploadedFiles();
      preset = parseEnum(ctx.formParam("mode"), Preset.class, settings.preset, "mode", "low, mid or high");
      format = switch (String.valueOf(ctx.formParam("format")).toLowerCase(Locale.ROOT)) {
        case "null", "png" -> OutputFormat.PNG;
        case "jpg", "jpeg" -> OutputFormat.JPEG;
        case "same" -> OutputFormat.SAME_AS_INPUT;
        default -> throw new Refused(400, "format must be png, jpg or same");
      };
      String t = ctx.formParam("target");
      target = t == null || t.isBlank() ? null : TargetIdentity.parse(t.trim());
    } catch (Refused e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new Refused(400, e.getMessage());
    } catch (RuntimeException e) {
      // Jetty's multipart parser refuses a body over its limits, or one that is not multipart.
      String message = String.valueOf(e.getMessage()) + (e.getCause() == null ? "" : " " + e.getCause().getMessage());
      if (message.toLowerCase(Locale.ROOT).contains("max") || message.toLowerCase(Locale.ROOT).contains("exceed")) {
        throw new Refused(413, tooLarge());
      }
      throw new Refused(400, "send the photos as multipart/form-data (fields: photos, mode, target, format): " + message);
    }
    if (files.isEmpty()) {
      throw new Refused(400, "no photo in the request: send one or more files as multipart/form-data field 'photos'");
    }
    if (files.size() > settings.maxPhotos) {
      throw new Refused(413, files.size() + " photos in one request; at most " + settings.maxPhotos);
    }
    List<Job.Upload> uploads = new ArrayList<>();
    Set<String> names = new java.util.HashSet<>();
    for (UploadedFile f : files) {
      String given = fileName(f.filename(), uploads.size() + 1);
      String name = given;
      // Two uploads of one output name (a.jpg twice, or a.png and a.webp) would give one entry in the zip.
      for (int n = 2; !names.add(OutputNames.cloaked(name, format)); n++) {
        int dot = given.lastIndexOf('.');
        name = dot > 0 ? given.substring(0, dot) + "-" + n + given.substring(dot) : given + "-" + n;
      }
      try (InputStream in = f.content()) {
        uploads.add(new Job.Upload(name, in.readAllBytes()));
      } catch (IOException e) {
        throw new Refused(400, "the upload of " + name + " broke off: " + e.getMessage());
      }
    }
    byte[] id = new byte[16];
    random.nextBytes(id);
    Job job = new Job(HexFormat.of().formatHex(id), preset, target, format, uploads);
    evictFinished();
    try {
      worker.submit(job);
    } catch (RejectedExecutionException e) {
      throw new Refused(503, "busy: " + settings.queueSize + " requests are waiting already; try again later",
          Map.of("Retry-After", String.valueOf(worker.retryAfterSeconds())));
    }
    jobs.put(job.id, job);
    return job;
  }

  private String tooLarge() {
    return "the upload is over the limit of " + settings.maxUploadBytes / (1024 * 1024) + " MiB; send fewer or smaller photos";
  }

  /** Keeps the finished jobs of the page for a while, and never more than a few. */
  private void evictFinished() {
    long now = System.currentTimeMillis();
    List<Job> finished = jobs.values().stream().filter(Job::isOver)
        .sorted(Comparator.comparingLong(Job::finishedAtMillis)).toList();
    for (int i = 0; i < finished.size(); i++) {
      Job j = finished.get(i);
      if (finished.size() - i > settings.keptJobs || now - j.finishedAtMillis() > settings.keepFor.toMillis()) {
        jobs.remove(j.id);
      }
    }
  }

  private Job job(Context ctx) {
    Job job = jobs.get(ctx.pathParam("id"));
    if (job == null) {
      throw new Refused(404, "no such job (finished jobs are kept " + settings.keepFor.toMinutes() + " minutes)");
    }
    return job;
  }

  private void photo(Context ctx) {
    Job job = job(ctx);
    int index;
    try {
      index = Integer.parseInt(ctx.pathParam("index"));
    } catch (NumberFormatException e) {
      throw new Refused(404, "no such photo");
    }
    if (index < 0 || index >= job.uploads.size()) {
      throw new Refused(404, "no such photo");
    }
    byte[] bytes;
    String name;
    synchronized (job) {
      Job.Upload u = job.uploads.get(index);
      bytes = u.output;
      name = u.outputName;
    }
    if (bytes == null) {
      throw new Refused(404, "this photo has no cloaked copy (yet); see the job's report");
    }
    ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    ctx.contentType(name.endsWith(".png") ? "image/png" : "image/jpeg").result(bytes);
  }

  private static void zip(Context ctx, Job job) {
    ctx.header("Content-Disposition", "attachment; filename=\"cloaked.zip\"");
    ctx.contentType("application/zip").result(job.zip());
  }

  private static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(Json.write(body));
  }

  /** An upload's name, without folders or control characters; never a path on this machine. */
  static String fileName(String given, int n) {
    String name = given == null ? "" : given.replace('\\', '/');
    name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "").trim();
    if (name.length() > 100) {
      name = name.substring(name.length() - 100);
    }
    return name.isEmpty() || name.startsWith(".") ? "photo-" + n + (name.startsWith(".") ? name : "") : name;
  }

  /** JSON text for a header: non-ASCII characters as \\u escapes. */
  private static String ascii(String json) {
    StringBuilder out = new StringBuilder(json.length());
    for (char c : json.toCharArray()) {
      if (c < 0x20 || c > 0x7e) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static <E extends Enum<E>> E parseEnum(String value, Class<E> type, E fallback, String field, String choices) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Refused(400, field + " must be " + choices + ", not '" + value + "'");
    }
  }

  private static String resource(String name) {
    try (InputStream in = FawkesServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@return this build's version, from the jar} */
  public static String version() {
    Properties p = new Properties();
    try (InputStream in = FawkesServer.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version", "(unknown version)");
  }

  /** Settings of a {@link FawkesServer}; not thread-safe, used by one thread. */
  public static final class Builder {
    private int port = 8080;
    private String bind = "127.0.0.1";
    private String token;
    private Set<String> hosts = Set.of();
    private Preset preset = Preset.LOW;
    private long maxUploadBytes = 64L * 1024 * 1024;
    private long maxPixels = Photos.DEFAULT_MAX_PIXELS;
    private int maxPhotos = 50;
    private int queueSize = 4;
    private Duration timeLimit = Duration.ofMinutes(5);
    private Duration grace = Duration.ofSeconds(30);
    private int keptJobs = 8;
    private Duration keepFor = Duration.ofMinutes(30);
    private Function<CloakConfig, Cloaker> cloakers = Cloakers::create;

    private Builder() {}

    /**
     * @param value the port, 0 for a free one (default 8080)
     * @return this builder
     */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("port must be in [0, 65535], not " + value);
      }
      port = value;
      return this;
    }

    /**
     * @param address the address to listen on (default 127.0.0.1); any other than loopback needs a
     *     {@link #token(String)}
     * @return this builder
     */
    public Builder bind(String address) {
      bind = requireNonNull(address, "address").trim();
      return this;
    }

    /**
     * @param value the API's token, at least 16 characters; null for a random one per start
     * @return this builder
     */
    public Builder token(String value) {
      token = value == null || value.isBlank() ? null : value.trim();
      return this;
    }

    /**
     * @param names host names, besides loopback's and the bound address, by which the page may be
     *     reached (the {@code Host} header's name, lower case)
     * @return this builder
     */
    public Builder allowedHosts(Set<String> names) {
      hosts = Set.copyOf(names);
      return this;
    }

    /**
     * @param value the mode of requests that name none, loaded at start (default LOW)
     * @return this builder
     */
    public Builder preset(Preset value) {
      preset = requireNonNull(value, "value");
      return this;
    }

    /**
     * @param bytes the largest request body (default 64 MiB)
     * @return this builder
     */
    public Builder maxUploadBytes(long bytes) {
      maxUploadBytes = positive(bytes, "maxUploadBytes");
      return this;
    }

    /**
     * @param pixels the largest photo, width times height (default {@link Photos#DEFAULT_MAX_PIXELS})
     * @return this builder
     */
    public Builder maxPixels(long pixels) {
      maxPixels = positive(pixels, "maxPixels");
      return this;
    }

    /**
     * @param count the most photos in one request (default 50)
     * @return this builder
     */
    public Builder maxPhotos(int count) {
      maxPhotos = (int) positive(count, "maxPhotos");
      return this;
    }

    /**
     * @param size requests that may wait beside the one being cloaked (default 4)
     * @return this builder
     */
    public Builder queueSize(int size) {
      queueSize = (int) positive(size, "queueSize");
      return this;
    }

    /**
     * @param value how long one request may be cloaked (default 5 minutes)
     * @return this builder
     */
    public Builder timeLimit(Duration value) {
      timeLimit = positive(value, "timeLimit");
      return this;
    }

    /**
     * @param value how long close waits for work in progress to finish (default 30 s)
     * @return this builder
     */
    public Builder grace(Duration value) {
      grace = requireNonNull(value, "value");
      return this;
    }

    /**
     * @param factory makes the cloaker of a configuration (default {@link Cloakers#create}); the
     *     server closes what it makes
     * @return this builder
     */
    public Builder cloakers(Function<CloakConfig, Cloaker> factory) {
      cloakers = requireNonNull(factory, "factory");
      return this;
    }

    /**
     * {@return a server with these settings, not yet started}
     *
     * @throws IllegalArgumentException if bound beyond loopback without a token, or the token is short
     */
    public FawkesServer build() {
      return new FawkesServer(copy()); // later changes to this builder do not reach the server
    }

    private Builder copy() {
      Builder b = new Builder();
      b.port = port;
      b.bind = bind;
      b.token = token;
      b.hosts = hosts;
      b.preset = preset;
      b.maxUploadBytes = maxUploadBytes;
      b.maxPixels = maxPixels;
      b.maxPhotos = maxPhotos;
      b.queueSize = queueSize;
      b.timeLimit = timeLimit;
      b.grace = grace;
      b.keptJobs = keptJobs;
      b.keepFor = keepFor;
      b.cloakers = cloakers;
      return b;
    }

    private static long positive(long value, String name) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, not " + value);
      }
      return value;
    }

    private static Duration positive(Duration value, String name) {
      if (requireNonNull(value, name).isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, not " + value);
      }
      return value;
    }
  }
}
