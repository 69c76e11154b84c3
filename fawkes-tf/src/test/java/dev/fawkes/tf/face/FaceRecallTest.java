package dev.fawkes.tf.face;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fawkes.tf.face.PastedFaces.Background;
import dev.fawkes.tf.face.PastedFaces.Placed;
import dev.fawkes.tf.face.PastedFaces.Scene;
import dev.fawkes.tf.face.PastedFaces.Source;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Recall of {@link FaceDetector}: real faces (the two fixtures and four LFW people) pasted at a
 * known size, place and in-plane rotation into photos of several sizes, on grey and on clutter;
 * a face counts as found when a detection's centre lies in its box and the detection's size is
 * within 1.5 times its own. The numbers are in docs/reliability.md, "Face detection".
 */
class FaceRecallTest {
  static final int[] ANGLES = {-30, -15, 0, 15, 30};
  static final int[] SIZES = {32, 40, 48, 56, 64, 80, 96, 128, 160, 200, 256, 320, 400, 512, 640, 800, 1000, 1200};
  static final int[][] CANVASES = {{640, 480}, {1024, 768}, {1920, 1080}, {4000, 3000}};

  private static FaceDetector detector;
  private static List<Source> sources;

  @BeforeAll
  static void open() {
    detector = new FaceDetector();
    sources = PastedFaces.sources(detector);
  }

  @AfterAll
  static void close() {
    detector.close();
  }

  /**
   * The CI subset, around the misses of issue 17 (an 80 px face in 1024x768, a 56 px one in
   * 640x480): every face at 40, 56 and 80 px, at every angle, in both photo sizes.
   */
  @Test
  void findsFacesOf40To80PxInSmallPhotosAtEveryAngle() {
    Grid grid = new Grid(new Random(17));
    for (int[] canvas : new int[][] {{640, 480}, {1024, 768}}) {
      for (int size : new int[] {40, 56, 80}) {
        grid.run(canvas[0], canvas[1], size);
      }
    }
    grid.print();
    assertThat(grid.total()).isEqualTo(2 * 3 * sources.size() * ANGLES.length);
    assertThat(grid.misses).isEmpty();
    // Measured: none (the old detector: 21 in these 30 photos).
    assertThat(grid.extras).as("detections of no face").isEmpty();
  }

  /**
   * The whole grid: every size in every photo size that holds it (the face at most 85% of the
   * photo's shorter side), every source at every angle, on grey and on clutter.
   */
  @Test
  @Tag("slow")
  void findsAtLeast99PercentOfFacesOf40PxAndMoreAcrossTheGrid() {
    Grid grid = new Grid(new Random(2026));
    for (int[] canvas : CANVASES) {
      for (int size : SIZES) {
        if (size <= 0.85 * Math.min(canvas[0], canvas[1])) {
          grid.run(canvas[0], canvas[1], size);
        }
      }
    }
    grid.print();
    // Measured: 1740 of 1740 (the old detector: 1737).
    assertThat(grid.recall(40)).as("recall of faces of 40 px and more").isGreaterThanOrEqualTo(0.99);
    // Measured: 3 in 685 photos, the crest on Grace Hopper's name badge and the lettering beside it,
    // her photo enlarged 4 to 7 times (the old detector: 676).
    assertThat(grid.extras).as("detections of no face").hasSizeLessThanOrEqualTo(5);
  }

  /** Runs the detector on scenes and keeps count. */
  private static final class Grid {
    final Random random;
    final List<Trial> trials = new ArrayList<>();
    final List<String> misses = new ArrayList<>();
    final Map<String, long[]> time = new TreeMap<>(); // canvas -> photos, nanoseconds
    final Map<String, Integer> bystanders = new TreeMap<>(); // canvas -> detections of a face behind a pasted one
    final Map<String, Integer> spurious = new TreeMap<>(); // canvas -> detections of no face
    final List<String> extras = new ArrayList<>();
    final List<Double> hitScores = new ArrayList<>();

    Grid(Random random) {
      this.random = random;
    }

    /** Every source at every angle at {@code size} in {@code w x h} photos, several faces a photo. */
    void run(int w, int h, int size) {
      List<Placed> todo = new ArrayList<>();
      for (Source source : sources) {
        for (int angle : ANGLES) {
          todo.add(new Placed(source, 0, 0, size, angle));
        }
      }
      Collections.shuffle(todo, random);
      String canvas = w + "x" + h;
      int photo = 0;
      while (!todo.isEmpty()) {
        Background background = Background.values()[photo++ % Background.values().length];
        Scene scene = PastedFaces.scene(w, h, size, todo, background, random);
        todo = todo.subList(scene.faces().size(), todo.size());
        long start = System.nanoTime();
        List<FaceDetection> found = detector.detect(scene.photo());
        long[] t = time.computeIfAbsent(canvas, k -> new long[2]);
        t[0]++;
        t[1] += System.nanoTime() - start;
        for (Placed face : scene.faces()) {
          boolean hit = found.stream().anyMatch(face::foundBy);
          trials.add(new Trial(canvas, background, face, hit));
          if (!hit) {
            misses.add(String.format("%s %s %s %.0f px %d deg at (%.0f, %.0f): %s", canvas, background,
                face.source().name(), face.size(), face.angle(), face.cx(), face.cy(), found.stream()
                    .map(d -> String.format("(%.0f, %.0f) %.0f px %.2f", d.box().getCenterX(), d.box().getCenterY(), d.size(), d.score()))
                    .toList()));
          }
        }
        for (FaceDetection d : found) {
          if (scene.faces().stream().anyMatch(f -> f.foundBy(d))) {
            continue;
          }
          boolean bystander = scene.faces().stream().anyMatch(f -> f.bystanderIs(d));
          (bystander ? bystanders : spurious).merge(canvas, 1, Integer::sum);
          if (!bystander) {
            Placed near = scene.faces().stream().min(Comparator.comparingDouble(
                f -> Math.hypot(f.cx() - d.box().getCenterX(), f.cy() - d.box().getCenterY()))).orElseThrow();
            extras.add(String.format("%s %s %.0f px (faces %d px) score %.2f at (%.0f, %.0f), nearest %s at (%.0f, %.0f)",
                canvas, background, d.size(), size, d.score(), d.box().getCenterX(), d.box().getCenterY(),
                near.source().name(), near.cx(), near.cy()));
          }
        }
        for (Placed face : scene.faces()) {
          found.stream().filter(face::foundBy).mapToDouble(FaceDetection::score).max().ifPresent(hitScores::add);
        }
      }
    }

    int total() {
      return trials.size();
    }

    double recall(int minSize) {
      List<Trial> big = trials.stream().filter(t -> t.face().size() >= minSize).toList();
      return (double) big.stream().filter(Trial::hit).count() / big.size();
    }

    void print() {
      table("face px", t -> (int) t.face().size());
      table("angle", t -> t.face().angle());
      table("photo", t -> t.canvas());
      table("background", t -> t.background().toString());
      table("source", t -> t.face().source().name());
      table("photo, face px", t -> t.canvas() + String.format(" %4.0f", t.face().size()));
      System.out.println("| photo | photos | ms per photo | bystanders found | spurious detections |");
      time.forEach((canvas, t) -> System.out.printf("| %s | %d | %.0f | %d | %d |%n", canvas, t[0], t[1] / 1e6 / t[0],
          bystanders.getOrDefault(canvas, 0), spurious.getOrDefault(canvas, 0)));
      System.out.printf("recall, faces of 40 px and more: %.4f; all: %.4f%n", recall(40), recall(0));
      misses.forEach(m -> System.out.println("missed: " + m));
      extras.forEach(m -> System.out.println("spurious: " + m));
      int[] hist = new int[20];
      hitScores.forEach(v -> hist[Math.min(19, (int) (v * 20))]++);
      System.out.println("hit score histogram (0.05 buckets): " + Arrays.toString(hist));
    }

    private void table(String name, Function<Trial, Object> key) {
      // Numbers in numeric order, names in alphabetical order.
      Map<Object, int[]> rows = new TreeMap<>(Comparator.comparing(
          (Object k) -> k instanceof Integer i ? String.format("%08d", i + 10_000) : k.toString()));
      for (Trial t : trials) {
        int[] row = rows.computeIfAbsent(key.apply(t), k -> new int[2]);
        row[0] += t.hit() ? 1 : 0;
        row[1]++;
      }
      System.out.printf("| %s | found | recall |%n", name);
      rows.forEach((k, row) -> System.out.printf("| %s | %d / %d | %.1f%% |%n", k, row[0], row[1], 100.0 * row[0] / row[1]));
    }
  }

  private record Trial(String canvas, Background background, Placed face, boolean hit) {}
}
