package dev.fawkes.tf.face;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fawkes.photo.Photos;
import dev.fawkes.tf.face.PastedFaces.Placed;
import dev.fawkes.tf.face.PastedFaces.Source;
import dev.fawkes.tf.testing.SharedData;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Precision of {@link FaceDetector}: pictures without a face (generated textures, the fixtures with
 * their face painted over) must give no detection, and photos composed of real faces only those
 * faces. The numbers are in docs/reliability.md, "Face detection".
 */
class FacePrecisionTest {
  /** The colour of the benchmarks' 12-megapixel canvas. */
  private static final Color BENCHMARK_GREY = new Color(0x80, 0x88, 0x90);
  private static FaceDetector detector;

  @BeforeAll
  static void open() {
    detector = new FaceDetector();
  }

  @AfterAll
  static void close() {
    detector.close();
  }

  /** Each kind of texture at two sizes; the old detector found 11 faces in them, 10 in one picture of blotches. */
  @Test
  void findsNoFaceInTextures() {
    List<String> found = new ArrayList<>();
    for (int[] size : new int[][] {{640, 480}, {1920, 1080}}) {
      for (Textures.Kind kind : Textures.Kind.values()) {
        found.addAll(detections(kind + " " + size[0] + "x" + size[1], kind.paint(size[0], size[1], 1)));
      }
    }
    assertThat(found).isEmpty();
  }

  /** The fixtures with the face painted over, as they are and scaled up to 12 megapixels (the old detector: 6 faces). */
  @Test
  void findsNoFaceInTheFixturesWithTheirFacePaintedOver() {
    List<String> found = new ArrayList<>();
    for (Source source : fixtures()) {
      BufferedImage blanked = faceless(source);
      found.addAll(detections(source.name(), blanked));
      BufferedImage large = Composite.canvas(4000, 3000);
      Graphics2D g = bicubic(large);
      g.drawImage(blanked, 500, 0, 3000, 3000, null);
      g.dispose();
      found.addAll(detections(source.name() + " at 3000 px", large));
    }
    assertThat(found).isEmpty();
  }

  /**
   * The two 12-megapixel photos of the performance benchmarks, in which the old detector found
   * two spurious faces each (scores 0.62 to 0.73): the portrait filling the photo's height, and
   * five LFW people side by side at 750 px. Only the real faces may be found.
   */
  @Test
  void findsOnlyTheRealFacesIn12MegapixelComposites() {
    Source portrait = fixtures().get(0);
    BufferedImage one = Composite.canvas(4000, 3000, BENCHMARK_GREY);
    Graphics2D g = bicubic(one);
    g.drawImage(portrait.photo(), 500, 0, 3000, 3000, null);
    g.dispose();
    assertOnlyRealFaces("one face", one, List.of(placed(portrait, 500, 0, 3000.0 / portrait.photo().getWidth())));

    BufferedImage five = Composite.canvas(4000, 3000, BENCHMARK_GREY);
    g = bicubic(five);
    List<Placed> faces = new ArrayList<>();
    List<Source> people = firstLfwPeople(5);
    for (int i = 0; i < people.size(); i++) {
      g.drawImage(people.get(i).photo(), 25 + i * 790, 1100, 750, 750, null);
      faces.add(placed(people.get(i), 25 + i * 790, 1100, 3));
    }
    g.dispose();
    assertOnlyRealFaces("five faces", five, faces);
  }

  /** Every texture at four photo sizes up to 12 megapixels, three seeds each. */
  @Test
  @Tag("slow")
  void findsNoFaceInTexturesUpTo12Megapixels() {
    List<String> found = new ArrayList<>();
    for (int[] size : FaceRecallTest.CANVASES) {
      long start = System.nanoTime();
      int photos = 0;
      for (Textures.Kind kind : Textures.Kind.values()) {
        for (long seed = 1; seed <= 3; seed++) {
          found.addAll(detections(kind + " seed " + seed + " " + size[0] + "x" + size[1], kind.paint(size[0], size[1], seed)));
          photos++;
        }
      }
      System.out.printf("%dx%d: %d textures, %.0f ms each (painting included)%n", size[0], size[1], photos,
          (System.nanoTime() - start) / 1e6 / photos);
    }
    found.forEach(System.out::println);
    assertThat(found).isEmpty();
  }

  private static List<String> detections(String name, BufferedImage photo) {
    return detector.detect(photo).stream()
        .map(d -> String.format("%s: (%.0f, %.0f) %.0f px, score %.2f", name, d.box().getCenterX(), d.box().getCenterY(), d.size(), d.score()))
        .toList();
  }

  private static void assertOnlyRealFaces(String name, BufferedImage photo, List<Placed> faces) {
    List<FaceDetection> found = detector.detect(photo);
    found.forEach(d -> System.out.printf("%s: (%.0f, %.0f) %.0f px, score %.2f%n", name, d.box().getCenterX(), d.box().getCenterY(), d.size(), d.score()));
    for (Placed face : faces) {
      assertThat(found).as("%s: %s", name, face.source().name()).anySatisfy(d -> assertThat(face.foundBy(d)).isTrue());
    }
    assertThat(found).as("%s: detections", name).hasSize(faces.size());
  }

  /** A source drawn at {@code (x, y)} scaled by {@code scale}: where its face is. */
  private static Placed placed(Source source, double x, double y, double scale) {
    Rectangle2D f = source.face();
    return new Placed(source, x + f.getCenterX() * scale, y + f.getCenterY() * scale,
        Math.max(f.getWidth(), f.getHeight()) * scale, 0);
  }

  private static List<Source> fixtures() {
    return PastedFaces.sources(detector).subList(0, 2);
  }

  /** The first photo of each of the first {@code n} LFW people by name, as the benchmarks take them. */
  private static List<Source> firstLfwPeople(int n) {
    try (Stream<Path> people = Files.list(SharedData.resolve("lfw/users"))) {
      List<Source> sources = new ArrayList<>();
      for (Path person : people.sorted().limit(n).toList()) {
        BufferedImage photo = Photos.readImage(SharedData.lfwUser(person.getFileName().toString(), 1).get(0));
        sources.add(PastedFaces.source(person.getFileName().toString(), photo, detector, detector));
      }
      return sources;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The source with its face, hair and chin included, painted over in grey. */
  private static BufferedImage faceless(Source source) {
    BufferedImage out = new BufferedImage(source.photo().getWidth(), source.photo().getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(source.photo(), 0, 0, null);
    g.setColor(Color.GRAY);
    Rectangle2D f = source.face();
    g.fillRect((int) (f.getCenterX() - 0.8 * f.getWidth()), (int) (f.getCenterY() - 0.9 * f.getHeight()),
        (int) (1.6 * f.getWidth()), (int) (1.7 * f.getHeight()));
    g.dispose();
    return out;
  }

  private static Graphics2D bicubic(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    return g;
  }
}
