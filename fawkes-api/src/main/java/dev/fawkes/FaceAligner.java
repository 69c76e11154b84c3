package dev.fawkes;

import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Finds faces in a photo and cuts each out, with the place of its canonical framing: the face as
 * framed in a deep-funneled LFW image, region x 35..215, y 30..210 of its 250x250 frame. The
 * crop-to-photo transform puts a cloaked crop back.
 *
 * <p>Implementations are thread-safe. An application that already knows its photos' faces gives
 * them as {@link KnownFace}s to an aligner of the backend's (with {@code fawkes-tf},
 * {@code TfFaceAligner.forKnownFaces}), which cuts them out as its detector's.
 */
public interface FaceAligner {
  /**
   * Returns the faces found in {@code photo}, largest first; empty if there is none.
   *
   * @param photo the photo
   * @return the faces, largest first
   * @throws ImageException if the photo cannot be processed
   */
  List<AlignedFace> align(BufferedImage photo);

  /**
   * An aligner for photos that already are aligned face crops: each photo is one face, used whole.
   * Photos must be square.
   *
   * @return the aligner
   */
  static FaceAligner wholeImage() {
    return photo -> {
      if (photo.getWidth() != photo.getHeight()) {
        throw new ImageException("wholeImage() aligner needs square face crops, got "
            + photo.getWidth() + "x" + photo.getHeight() + "; crop the face first or use a detecting aligner");
      }
      BufferedImage rgb = new BufferedImage(photo.getWidth(), photo.getHeight(), BufferedImage.TYPE_INT_RGB);
      rgb.getGraphics().drawImage(photo, 0, 0, null);
      return List.of(AlignedFace.whole(rgb, new AffineTransform(), 1.0));
    };
  }
}
