package dev.fawkes;

import static java.util.Objects.requireNonNull;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The outcome of cloaking one photo.
 *
 * @param image the cloaked photo, of the input's size; the caller owns it. When no face was
 *     found it is an unchanged copy of the input
 * @param facesFound the number of faces found in the photo
 * @param faces what was done to each cloaked face, in the order they were found
 * @param target the identity the faces were pushed toward, or null for {@link Strategy#UNTARGETED}
 */
public record CloakResult(BufferedImage image, int facesFound, List<FaceCloak> faces, TargetIdentity target) {
  /**
   * Validates and freezes the fields.
   *
   * @param image the cloaked photo
   * @param facesFound the number of faces found, at least the number cloaked
   * @param faces what was done to each cloaked face
   * @param target the identity pushed toward, or null
   */
  public CloakResult {
    requireNonNull(image, "image");
    requireNonNull(faces, "faces");
    faces = List.copyOf(faces);
    if (facesFound < faces.size()) {
      throw new IllegalArgumentException("facesFound (" + facesFound + ") < faces cloaked (" + faces.size() + ")");
    }
  }
}
