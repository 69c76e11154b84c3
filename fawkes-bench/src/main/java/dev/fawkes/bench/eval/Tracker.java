package dev.fawkes.bench.eval;

import dev.fawkes.bench.Landmarks;
import dev.fawkes.bench.RecognitionAccuracy;
import dev.fawkes.bench.TrackerInput;
import dev.fawkes.photo.Photos;
import dev.fawkes.tf.model.FeatureExtractor;
import dev.fawkes.tf.model.ImageBatch;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One recogniser as a tracker sees faces: through its own {@link TrackerInput} (LFW's canonical box
 * or its own five-point alignment; large photos shrunk with area averaging), nothing of the cloak's.
 * Holds native memory until {@link #close()}. Not thread-safe.
 */
final class Tracker implements AutoCloseable {
  private static final int BATCH = 32;
  private final FeatureExtractor extractor;
  private final TrackerInput input;

  Tracker(String name, Landmarks landmarks) {
    this.extractor = FeatureExtractor.create(RecognitionAccuracy.load(name));
    this.input = TrackerInput.of(name, landmarks);
  }

  String name() {
    return extractor.spec().name();
  }

  String family() {
    return extractor.spec().family();
  }

  /** How many photos so far had no face found by a tracker that aligns (and fell back to the box). */
  int undetected() {
    return input.undetected();
  }

  /** Embeddings of photo files, keyed by file. */
  Map<Path, float[]> embedFiles(List<Path> files) {
    return embedFiles(files, null);
  }

  /**
   * Embeddings of copies the tracker makes of photo files ({@code copy} of each; null for the
   * photos themselves), keyed by file.
   */
  Map<Path, float[]> embedFiles(List<Path> files, UnaryOperator<BufferedImage> copy) {
    Map<Path, float[]> out = new LinkedHashMap<>();
    for (int i = 0; i < files.size(); i += BATCH) {
      List<Path> chunk = files.subList(i, Math.min(files.size(), i + BATCH));
      List<BufferedImage> views = new ArrayList<>();
      for (Path file : chunk) {
        BufferedImage photo = Photos.readImage(file);
        views.add(copy == null ? input.view(photo, file) : input.viewCopy(photo, file, copy.apply(photo)));
      }
      float[][] e = extractor.embed(ImageBatch.of(views));
      for (int j = 0; j < chunk.size(); j++) {
        out.put(chunk.get(j), e[j]);
      }
    }
    return out;
  }

  /** Embeddings of photos in memory (of any size with the LFW framing), in order. */
  List<float[]> embed(List<BufferedImage> photos) {
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < photos.size(); i += BATCH) {
      List<BufferedImage> views = photos.subList(i, Math.min(photos.size(), i + BATCH)).stream()
          .map(input::view).toList();
      out.addAll(List.of(extractor.embed(ImageBatch.of(views))));
    }
    return out;
  }

  @Override
  public void close() {
    input.close();
    extractor.close();
  }
}
