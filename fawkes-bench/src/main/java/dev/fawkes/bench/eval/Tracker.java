package dev.fawkes.bench.eval;

import dev.fawkes.bench.FaceCrop;
import dev.fawkes.bench.RecognitionAccuracy;
import dev.fawkes.tf.model.FeatureExtractor;
import dev.fawkes.tf.model.ImageBatch;
import dev.fawkes.tf.model.LfwBox;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One recogniser as a tracker sees faces: its own alignment (LFW's canonical box of the
 * deep-funneled frame, scaled with the photo, so a downscaled photo is cropped at the same place),
 * and nothing of the cloak's. Holds native memory until {@link #close()}. Not thread-safe.
 */
final class Tracker implements AutoCloseable {
  private static final int BATCH = 32;
  private final FeatureExtractor extractor;

  Tracker(FeatureExtractor extractor) {
    this.extractor = extractor;
  }

  String name() {
    return extractor.spec().name();
  }

  String family() {
    return extractor.spec().family();
  }

  /** Embeddings of photo files, keyed by file. */
  Map<Path, float[]> embedFiles(List<Path> files) {
    FaceCrop crop = RecognitionAccuracy.CANONICAL;
    Map<Path, float[]> out = new LinkedHashMap<>();
    for (int i = 0; i < files.size(); i += BATCH) {
      List<Path> chunk = files.subList(i, Math.min(files.size(), i + BATCH));
      float[][] e = extractor.embed(ImageBatch.of(chunk.stream().map(crop::read).toList()));
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
      List<BufferedImage> crops = photos.subList(i, Math.min(photos.size(), i + BATCH)).stream()
          .map(Tracker::canonicalCrop).toList();
      out.addAll(List.of(extractor.embed(ImageBatch.of(crops))));
    }
    return out;
  }

  /** The canonical face box of a photo with the LFW framing, scaled with the photo's width, in the photo. */
  static Rectangle canonicalBox(BufferedImage photo) {
    FaceCrop c = RecognitionAccuracy.CANONICAL;
    double s = photo.getWidth() / (double) LfwBox.FRAME;
    int x = (int) Math.round(c.x() * s);
    int y = (int) Math.round(c.y() * s);
    int size = Math.min((int) Math.round(c.size() * s), Math.min(photo.getWidth() - x, photo.getHeight() - y));
    return new Rectangle(x, y, size, size);
  }

  /** The pixels of {@link #canonicalBox}. */
  static BufferedImage canonicalCrop(BufferedImage photo) {
    Rectangle box = canonicalBox(photo);
    BufferedImage out = new BufferedImage(box.width, box.height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(photo, -box.x, -box.y, null);
    g.dispose();
    return out;
  }

  @Override
  public void close() {
    extractor.close();
  }
}
