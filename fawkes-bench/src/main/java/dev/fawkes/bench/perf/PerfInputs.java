package dev.fawkes.bench.perf;

import dev.fawkes.AlignedFace;
import dev.fawkes.photo.Photos;
import dev.fawkes.tf.testing.SharedDataFolder;
import dev.fawkes.tf.face.TfFaceAligner;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The benchmarks' inputs, all real photos of the shared data: the 512x512 fixture portrait, faces
 * of LFW people, and 12-megapixel photos composed from them (in memory only).
 */
final class PerfInputs {
  /** The crop size of the step benchmarks: what a face in a 512x512 photo or an LFW photo gets. */
  static final int STEP_CROP = 224;
  static final int LARGE_WIDTH = 4000;
  static final int LARGE_HEIGHT = 3000;

  private PerfInputs() {}

  /** The shared data folder, where {@link SharedDataFolder} finds it. */
  static Path data() {
    Path data = SharedDataFolder.locate();
    if (!Files.isDirectory(data.resolve("fixtures"))) {
      throw new IllegalStateException("shared data not found at " + data.toAbsolutePath()
          + "; pass -D" + SharedDataFolder.PROPERTY + "=DIR (the folder with fixtures/ and lfw/)");
    }
    return data;
  }

  /** The 512x512 single-face fixture. */
  static BufferedImage portrait() {
    return Photos.readImage(data().resolve("fixtures/grace_hopper_512x512.jpg"));
  }

  /** The first photo of each of the first {@code n} LFW users, by name. */
  static List<BufferedImage> lfwFaces(int n) {
    try (Stream<Path> people = Files.list(data().resolve("lfw/users"))) {
      List<BufferedImage> photos = new ArrayList<>();
      for (Path person : people.sorted().limit(n).toList()) {
        try (Stream<Path> files = Files.list(person)) {
          photos.add(Photos.readImage(files.filter(p -> p.toString().endsWith(".jpg")).sorted().findFirst().orElseThrow()));
        }
      }
      return photos;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first {@code n} photos of one LFW user, by name: one person's folder. */
  static List<BufferedImage> lfwFolder(String person, int n) {
    try (Stream<Path> files = Files.list(data().resolve("lfw/users").resolve(person))) {
      return files.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(n).map(Photos::readImage).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code n} aligned faces of different LFW people, their crops resampled to {@code size}. */
  static List<AlignedFace> faces(int n, int size) {
    List<AlignedFace> faces = new ArrayList<>();
    try (TfFaceAligner aligner = new TfFaceAligner()) {
      for (BufferedImage photo : lfwFaces(n)) {
        faces.add(resized(aligner.align(photo).get(0), size));
      }
    }
    return faces;
  }

  /** A benchmark photo by name: "512" (the portrait), "lfw" (250x250), "12mp-1" or "12mp-5". */
  static BufferedImage photo(String name) {
    return switch (name) {
      case "512" -> portrait();
      case "lfw" -> lfwFaces(1).get(0);
      case "12mp-1" -> largeOneFace();
      case "12mp-5" -> largeFiveFaces();
      default -> throw new IllegalArgumentException("unknown photo " + name + "; 512, lfw, 12mp-1 or 12mp-5");
    };
  }

  /** 4000x3000 with the portrait filling its height: one large face. */
  static BufferedImage largeOneFace() {
    BufferedImage photo = canvas();
    Graphics2D g = graphics(photo);
    g.drawImage(portrait(), (LARGE_WIDTH - LARGE_HEIGHT) / 2, 0, LARGE_HEIGHT, LARGE_HEIGHT, null);
    g.dispose();
    return photo;
  }

  /** 4000x3000 with five LFW people side by side, each photo scaled to 750 px: a group photo. */
  static BufferedImage largeFiveFaces() {
    BufferedImage photo = canvas();
    Graphics2D g = graphics(photo);
    List<BufferedImage> people = lfwFaces(5);
    for (int i = 0; i < people.size(); i++) {
      g.drawImage(people.get(i), 25 + i * 790, 1100, 750, 750, null);
    }
    g.dispose();
    return photo;
  }

  private static BufferedImage canvas() {
    BufferedImage photo = new BufferedImage(LARGE_WIDTH, LARGE_HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = photo.createGraphics();
    g.setColor(new Color(0x80, 0x88, 0x90));
    g.fillRect(0, 0, LARGE_WIDTH, LARGE_HEIGHT);
    g.dispose();
    return photo;
  }

  private static Graphics2D graphics(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    return g;
  }

  private static AlignedFace resized(AlignedFace face, int size) {
    double scale = (double) size / face.crop().getWidth();
    BufferedImage crop = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = graphics(crop);
    g.drawImage(face.crop(), 0, 0, size, size, null);
    g.dispose();
    Rectangle2D c = face.canonical();
    return new AlignedFace(crop, new AffineTransform(),
        new Rectangle2D.Double(c.getX() * scale, c.getY() * scale, c.getWidth() * scale, c.getHeight() * scale), face.score());
  }
}
