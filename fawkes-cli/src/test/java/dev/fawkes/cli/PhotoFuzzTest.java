package dev.fawkes.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.fawkes.CloakConfig;
import dev.fawkes.Cloaker;
import dev.fawkes.Cloakers;
import dev.fawkes.FawkesException;
import dev.fawkes.ImageException;
import dev.fawkes.Preset;
import dev.fawkes.photo.Photos;
import dev.fawkes.photo.TestPhotos;
import dev.fawkes.tf.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A seeded fuzz test of the reading and cloaking path: valid JPEG (baseline, progressive, CMYK),
 * PNG (RGB, RGBA, gray, 16-bit), GIF, BMP and WebP files of a real face, mutated thousands of times
 * (bit flips, overwritten bytes and header fields, truncation, inserted and repeated runs). Every file
 * must decode or be refused with {@link ImageException} within the time limit; a hang, an
 * {@code OutOfMemoryError}, any other exception or a crash fails; the metadata reader, which
 * {@link Photos#decode} runs on every file first, must never be the one that throws. Some files that decode are then
 * cloaked, which must give a result or a {@link FawkesException}.
 *
 * <p>The JPEG and PNG seeds with metadata carry an ICC profile, EXIF and XMP.
 *
 * <p>{@code -Dfawkes.fuzz.iterations=N} (default 1500, the CI run) and {@code -Dfawkes.fuzz.seed=S}
 * set the run; docs/reliability.md records a long one.
 */
class PhotoFuzzTest {
  private static final long MAX_PIXELS = 4_000_000;
  private static final int DECODE_SECONDS = 20;
  private static final int CLOAKS = 8;

  @Test
  void malformedPhotosAreDecodedOrRefusedNeverWorse() throws Exception {
    int iterations = Integer.getInteger("fawkes.fuzz.iterations", 1500);
    Random random = new Random(Long.getLong("fawkes.fuzz.seed", 1L));
    Map<String, byte[]> seeds = seeds();
    List<String> formats = new ArrayList<>(seeds.keySet());
    Map<String, int[]> outcomes = new LinkedHashMap<>(); // format -> {decoded, refused}
    List<BufferedImage> toCloak = new ArrayList<>();
    long slowest = 0;
    ExecutorService decoder = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-decoder");
      t.setDaemon(true); // a hung decoder must not keep the test JVM alive
      return t;
    });
    try {
      for (int i = 0; i < iterations; i++) {
        String format = formats.get(random.nextInt(formats.size()));
        byte[] file = mutate(seeds.get(format), random);
        String name = "fuzz-" + i + "-" + format;
        long t0 = System.nanoTime();
        Future<BufferedImage> decoding = decoder.submit(() -> Photos.decode(file, name, MAX_PIXELS).image());
        int[] counts = outcomes.computeIfAbsent(format, f -> new int[2]);
        try {
          BufferedImage image = decoding.get(DECODE_SECONDS, TimeUnit.SECONDS);
          counts[0]++;
          assertThat((long) image.getWidth() * image.getHeight()).isLessThanOrEqualTo(MAX_PIXELS);
          if (toCloak.size() < CLOAKS && image.getWidth() >= 64 && image.getHeight() >= 64 && random.nextInt(8) == 0) {
            toCloak.add(image);
          }
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof ImageException)) {
            fail(name + " threw " + e.getCause() + " instead of an ImageException; the file is " + keep(name, file),
                e.getCause());
          }
          assertThat(e.getCause().getMessage()).contains(name);
          counts[1]++;
        } catch (TimeoutException e) {
          fail(name + " did not decode or fail within " + DECODE_SECONDS + " s; the file is " + keep(name, file));
        }
        slowest = Math.max(slowest, System.nanoTime() - t0);
      }
    } finally {
      decoder.shutdownNow();
    }
    System.out.printf(Locale.ROOT, "fuzz: %d files, slowest %.0f ms; per format {decoded, refused}: %s%n", iterations,
        slowest / 1e6, outcomes.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()[0] + "/" + e.getValue()[1]).toList());
    assertThat(outcomes.values().stream().mapToInt(c -> c[1]).sum()).as("mutations refused").isPositive();

    try (Cloaker cloaker = Cloakers.create(CloakConfig.builder(Preset.LOW).extractors("mobileface").maxSteps(2).build())) {
      for (BufferedImage image : toCloak) {
        try {
          assertThat(cloaker.cloak(image).image().getWidth()).isEqualTo(image.getWidth());
        } catch (FawkesException e) {
          assertThat(e.getMessage()).isNotBlank();
        }
      }
    }
  }

  /** Writes a file that broke the reader to target/fuzz-failures, to reproduce it. */
  private static java.nio.file.Path keep(String name, byte[] file) {
    try {
      java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "fuzz-failures"));
      return java.nio.file.Files.write(dir.resolve(name), file).toAbsolutePath();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Valid files of the astronaut fixture's face, one per format and variant. */
  private static Map<String, byte[]> seeds() throws Exception {
    BufferedImage astronaut = Photos.readImage(SharedData.resolve("fixtures/astronaut.png"));
    BufferedImage face = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
    face.getGraphics().drawImage(astronaut.getSubimage(150, 50, 150, 150), 0, 0, 128, 128, null);
    BufferedImage alpha = new BufferedImage(128, 128, BufferedImage.TYPE_INT_ARGB);
    alpha.getGraphics().drawImage(face, 0, 0, null);
    alpha.setRGB(0, 0, 0x20ffffff);
    BufferedImage gray = new BufferedImage(128, 128, BufferedImage.TYPE_BYTE_GRAY);
    gray.getGraphics().drawImage(face, 0, 0, null);
    BufferedImage deep = new BufferedImage(128, 128, BufferedImage.TYPE_USHORT_GRAY);
    deep.getGraphics().drawImage(face, 0, 0, null);
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    seeds.put("jpg", TestPhotos.encode(face, "jpg"));
    seeds.put("progressive.jpg", TestPhotos.progressiveJpeg(face));
    seeds.put("cmyk.jpg", resource("gradient-cmyk.jpg"));
    seeds.put("png", TestPhotos.encode(face, "png"));
    seeds.put("rgba.png", TestPhotos.encode(alpha, "png"));
    seeds.put("gray.png", TestPhotos.encode(gray, "png"));
    seeds.put("16bit.png", TestPhotos.encode(deep, "png"));
    seeds.put("gif", TestPhotos.encode(face, "gif"));
    seeds.put("bmp", TestPhotos.encode(face, "bmp"));
    seeds.put("webp", resource("gradient-lossless.webp"));
    // With an ICC profile, EXIF (orientation 6, GPS) and XMP, for the metadata reader and orientation.
    byte[] icc = java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_sRGB).getData();
    seeds.put("meta.jpg", TestPhotos.withMetadata(TestPhotos.encode(face, "jpg"), icc, TestPhotos.exif(6), TestPhotos.xmp()));
    seeds.put("meta.png", TestPhotos.withMetadata(TestPhotos.encode(face, "png"), icc, TestPhotos.exif(6), TestPhotos.xmp()));
    return seeds;
  }

  private static byte[] mutate(byte[] seed, Random random) {
    byte[] b = seed.clone();
    int kind = random.nextInt(6);
    switch (kind) {
      case 0 -> { // flip a few bits
        for (int n = 1 + random.nextInt(8); n > 0; n--) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> { // overwrite bytes with values that break parsers
        byte[] nasty = {0, (byte) 0xff, 0x7f, (byte) 0x80, 1, (byte) 0xfe};
        for (int n = 1 + random.nextInt(16); n > 0; n--) {
          b[random.nextInt(b.length)] = nasty[random.nextInt(nasty.length)];
        }
      }
      case 2 -> { // a header field (size, length, count) set to an extreme
        int at = random.nextInt(Math.min(64, b.length - 4));
        int value = new int[] {0, 0xffff, 0x7fffffff, 0xffffffff, 0x10000, 1}[random.nextInt(6)];
        int width = random.nextBoolean() ? 2 : 4;
        for (int k = 0; k < width; k++) {
          b[at + k] = (byte) (value >>> (8 * (width - 1 - k)));
        }
      }
      case 3 -> b = java.util.Arrays.copyOf(b, 1 + random.nextInt(b.length - 1)); // truncated
      case 4 -> { // random bytes inserted
        int at = random.nextInt(b.length);
        byte[] junk = new byte[1 + random.nextInt(64)];
        random.nextBytes(junk);
        b = splice(b, at, junk);
      }
      default -> { // a run repeated
        int from = random.nextInt(b.length);
        int len = Math.min(b.length - from, 1 + random.nextInt(256));
        b = splice(b, from, java.util.Arrays.copyOfRange(b, from, from + len));
      }
    }
    return b;
  }

  private static byte[] splice(byte[] b, int at, byte[] insert) {
    byte[] out = new byte[b.length + insert.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(b, at, out, at + insert.length, b.length - at);
    return out;
  }

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = PhotoFuzzTest.class.getResourceAsStream("/formats/" + name)) {
      return in.readAllBytes();
    }
  }
}
