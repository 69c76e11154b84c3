package dev.fawkes.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fawkes.photo.Photos;
import dev.fawkes.tf.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP API against a real server on a free port, with the real cloaker at LOW. */
class ServeApiTest {
  private static final int QUEUE = 2;
  private static final long MAX_UPLOAD = 2L * 1024 * 1024;
  private static FawkesServer server;
  private static Http http;
  private static byte[] grace;
  private static List<byte[]> lfw;

  @BeforeAll
  static void start() throws IOException {
    grace = Files.readAllBytes(SharedData.resolve("fixtures/grace_hopper_512x512.jpg"));
    lfw = new ArrayList<>();
    for (Path p : SharedData.lfwUser("Alvaro_Uribe", 3)) {
      lfw.add(Files.readAllBytes(p));
    }
    server = FawkesServer.builder().port(0).queueSize(QUEUE).maxUploadBytes(MAX_UPLOAD).build().start();
    http = new Http(server);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void onePhotoInGivesTheCloakedPhotoAndItsReport() throws Exception {
    HttpResponse<byte[]> r = http.post("/api/v1/cloak", new Http.Form().file("grace.jpg", grace).field("mode", "low"));

    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(r.headers().firstValue("Content-Disposition").orElseThrow()).contains("grace_cloaked.png");
    assertThat(r.headers().firstValue("Fawkes-Status")).hasValue("cloaked");
    String report = r.headers().firstValue("Fawkes-Report").orElseThrow();
    assertThat(report).contains("\"status\":\"cloaked\"").contains("\"deltaEP95\"").contains("\"input\":\"grace.jpg\"");
    BufferedImage out = Photos.decode(r.body(), "out", Photos.DEFAULT_MAX_PIXELS).image();
    BufferedImage in = Photos.decode(grace, "in", Photos.DEFAULT_MAX_PIXELS).image();
    assertThat(out.getWidth()).isEqualTo(in.getWidth());
    assertThat(out.getHeight()).isEqualTo(in.getHeight());
    // Cloaked: some pixels changed, and only slightly (LOW's promise is no more than a JPEG re-encode).
    double changed = meanAbsoluteDifference(in, out);
    assertThat(changed).isGreaterThan(0.05).isLessThan(3);
    // The CLI's metadata policy: no EXIF in the output.
    assertThat(new String(r.body(), StandardCharsets.ISO_8859_1)).doesNotContain("eXIf").doesNotContain("Exif");
  }

  @Test
  void severalPhotosInGiveAZipWithTheReport() throws Exception {
    HttpResponse<byte[]> r = http.post("/api/v1/cloak", new Http.Form().file("a.jpg", lfw.get(0))
        .file("notes.jpg", "not a photo".getBytes(StandardCharsets.UTF_8)).file("a.jpeg", lfw.get(1))
        .field("format", "jpg"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/zip");
    Map<String, byte[]> zip = unzip(r.body());
    // a.jpeg would be a_cloaked.jpg too: it is renamed rather than lost.
    assertThat(zip).containsOnlyKeys("a_cloaked.jpg", "a-2_cloaked.jpg", "report.json");
    assertThat(Photos.decode(zip.get("a_cloaked.jpg"), "a", 1 << 24).image().getWidth()).isEqualTo(250);
    String report = new String(zip.get("report.json"), StandardCharsets.UTF_8);
    assertThat(report).contains("\"input\": \"a.jpg\"").contains("\"status\": \"cloaked\"")
        .contains("\"input\": \"notes.jpg\"").contains("\"status\": \"failed\"").contains("not an image");
  }

  @Test
  void aRequestOfAnotherModeIsCloakedInThatMode() throws Exception {
    HttpResponse<byte[]> r = http.post("/api/v1/cloak", new Http.Form().file("a.jpg", lfw.get(2)).field("mode", "MID"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Fawkes-Report").orElseThrow()).contains("\"mode\":\"mid\"");
  }

  @Test
  void badPhotosAreRefusedWithTheReason() throws Exception {
    byte[] truncated = Arrays.copyOf(grace, grace.length / 2);
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("notes.jpg", "not an image");
    expected.put("half.jpg", "truncated JPEG");
    expected.put("bomb.png", "decompression bomb");
    Map<String, byte[]> inputs = Map.of("notes.jpg", "hello".getBytes(StandardCharsets.UTF_8), "half.jpg", truncated,
        "bomb.png", pngHeader(100_000, 100_000));
    for (Map.Entry<String, String> e : expected.entrySet()) {
      HttpResponse<byte[]> r = http.post("/api/v1/cloak", new Http.Form().file(e.getKey(), inputs.get(e.getKey())));
      String body = new String(r.body(), StandardCharsets.UTF_8);
      assertThat(r.statusCode()).as(e.getKey() + ": " + body).isEqualTo(422);
      assertThat(body).as(e.getKey()).contains(e.getValue()).contains("\"status\": \"failed\"");
    }
  }

  @Test
  void uploadsOverTheLimitAreRefusedBeforeTheyAreRead() throws Exception {
    byte[] big = new byte[(int) MAX_UPLOAD + 1];
    HttpResponse<byte[]> r = http.post("/api/v1/cloak", new Http.Form().file("big.jpg", big));

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("over the limit of 2 MiB");
  }

  @Test
  void badFieldsAndEmptyRequestsAreRefused() throws Exception {
    assertThat(http.post("/api/v1/cloak", new Http.Form().field("mode", "low")).statusCode()).isEqualTo(400);
    HttpResponse<byte[]> mode = http.post("/api/v1/cloak", new Http.Form().file("a.jpg", lfw.get(0)).field("mode", "max"));
    assertThat(mode.statusCode()).isEqualTo(400);
    assertThat(new String(mode.body(), StandardCharsets.UTF_8)).contains("mode must be low, mid or high");
    assertThat(http.post("/api/v1/cloak", new Http.Form().file("a.jpg", lfw.get(0)).field("target", "nonsense"))
        .statusCode()).isEqualTo(400);
  }

  @Test
  void aFullQueueAnswers503WithRetryAfter() throws Exception {
    // Jobs of three photos keep the worker busy for seconds; one runs, QUEUE wait, the next is refused.
    List<String> ids = new ArrayList<>();
    try {
      for (int i = 0; i <= QUEUE; i++) {
        HttpResponse<byte[]> r = http.post("/api/v1/jobs", threePhotos());
        assertThat(r.statusCode()).isEqualTo(202);
        ids.add(id(r));
      }
      // The running job's progress: per photo and overall, with an estimate of the time left once a tenth is done.
      long t0 = System.nanoTime();
      String status = http.get("/api/v1/jobs/" + ids.get(0), Map.of()).body();
      while (status.contains("\"etaSeconds\": null")) {
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds until an estimate").isLessThan(20);
        Thread.sleep(50);
        status = http.get("/api/v1/jobs/" + ids.get(0), Map.of()).body();
      }
      assertThat(status).contains("\"state\": \"running\"").containsPattern("\"etaSeconds\": [0-9.]+")
          .containsPattern("\"fraction\": 0\\.[0-9]+").contains("\"name\": \"c.jpg\"");
      HttpResponse<byte[]> refused = http.post("/api/v1/jobs", threePhotos());
      HttpResponse<byte[]> refusedSync = http.post("/api/v1/cloak", threePhotos());

      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refusedSync.statusCode()).isEqualTo(503);
      assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isPositive();
      assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("busy");
      String health = http.get("/api/v1/health", Map.of()).body();
      assertThat(health).contains("\"queued\": " + QUEUE);
    } finally {
      for (String id : ids) {
        http.delete("/api/v1/jobs/" + id);
      }
    }
    // A cancelled job says so, and the worker takes new work at once.
    String cancelled = http.get("/api/v1/jobs/" + ids.get(0), Map.of()).body();
    assertThat(cancelled).contains("\"state\": \"cancelled\"");
    assertThat(http.post("/api/v1/cloak", new Http.Form().file("a.jpg", lfw.get(1))).statusCode()).isEqualTo(200);
  }

  @Test
  void concurrentUploadsWithinTheQueueAllSucceed() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(QUEUE + 1);
    try {
      List<Future<HttpResponse<byte[]>>> calls = new ArrayList<>();
      for (int i = 0; i <= QUEUE; i++) {
        byte[] photo = lfw.get(i);
        calls.add(clients.submit(() -> http.post("/api/v1/cloak", new Http.Form().file("p.jpg", photo))));
      }
      for (Future<HttpResponse<byte[]>> call : calls) {
        HttpResponse<byte[]> r = call.get();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Photos.decode(r.body(), "p", 1 << 24).image().getWidth()).isEqualTo(250);
      }
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void theApiWantsTheToken() throws Exception {
    HttpResponse<String> none = http.get("/api/v1/jobs/x", Map.of("Authorization", ""));
    HttpResponse<String> wrong = http.get("/api/v1/jobs/x", Map.of("Authorization", "Bearer " + "0".repeat(48)));
    HttpResponse<byte[]> wrongCloak = http.post("/api/v1/cloak", new Http.Form().file("a.jpg", lfw.get(0)),
        Map.of("Authorization", "Bearer nope"));

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrongCloak.statusCode()).isEqualTo(401);
    assertThat(http.get("/api/v1/jobs/x", Map.of()).statusCode()).isEqualTo(404); // with the token
    assertThat(http.get("/api/v1/health", Map.of("Authorization", "")).statusCode()).isEqualTo(200);
    assertThat(http.get("/api/v1/version", Map.of("Authorization", "")).body()).contains("\"api\": \"v1\"");
  }

  @Test
  void otherSitesCannotDriveTheServer() throws Exception {
    int port = server.port();
    // Another site's page in the same browser: its Origin.
    HttpResponse<byte[]> crossSite = http.post("/api/v1/cloak", new Http.Form().file("a.jpg", lfw.get(0)),
        Map.of("Origin", "https://evil.example"));
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(http.get("/", Map.of("Origin", "http://localhost:" + (port + 1))).statusCode()).isEqualTo(403);
    // DNS rebinding: the browser names the attacker's host.
    assertThat(Http.rawStatus(port, "/", "evil.example:" + port)).contains(" 403");
    assertThat(Http.rawStatus(port, "/api/v1/health", "evil.example:" + port)).contains(" 403");
    assertThat(Http.rawStatus(port, "/", "127.0.0.1:" + (port + 1))).contains(" 403");
    // The page itself, named as it should be, carries the token.
    assertThat(Http.rawStatus(port, "/", "localhost:" + port)).contains(" 200");
    HttpResponse<String> page = http.get("/", Map.of("Origin", "http://127.0.0.1:" + port));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("content=\"" + server.token() + "\"");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
  }

  @Test
  void aNetworkAddressNeedsAToken() {
    assertThatThrownBy(() -> FawkesServer.builder().bind("0.0.0.0").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a token");
    assertThat(server.token()).hasSizeGreaterThanOrEqualTo(32);
  }

  @Test
  void uploadNamesNeverNameAFolder() {
    assertThat(FawkesServer.fileName("../../etc/passwd", 1)).isEqualTo("passwd");
    assertThat(FawkesServer.fileName("C:\\photos\\me.jpg", 1)).isEqualTo("me.jpg");
    assertThat(FawkesServer.fileName("..", 2)).isEqualTo("photo-2..");
    assertThat(FawkesServer.fileName(null, 3)).isEqualTo("photo-3");
  }

  private static Http.Form threePhotos() {
    return new Http.Form().file("a.jpg", lfw.get(0)).file("b.jpg", lfw.get(1)).file("c.jpg", lfw.get(2));
  }

  private static String id(HttpResponse<byte[]> r) {
    Matcher m = Pattern.compile("\"id\": \"([0-9a-f]+)\"").matcher(new String(r.body(), StandardCharsets.UTF_8));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
    long sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int s = 0; s < 24; s += 8) {
          sum += Math.abs(((p >> s) & 255) - ((q >> s) & 255));
        }
      }
    }
    return sum / (3.0 * a.getWidth() * a.getHeight());
  }

  static Map<String, byte[]> unzip(byte[] bytes) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        entries.put(e.getName(), zip.readAllBytes());
      }
    }
    return entries;
  }

  /** A PNG signature and header claiming a huge image, with no pixel data: a decompression bomb's start. */
  static byte[] pngHeader(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width)
        .putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    out.writeBytes(ByteBuffer.allocate(4).putInt(13).array());
    out.writeBytes(ihdr.array());
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    return out.toByteArray();
  }
}
