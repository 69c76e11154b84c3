package dev.fawkes;

import static java.util.Objects.requireNonNull;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The outcome of cloaking one photo: the photo and an account of every face found in it.
 *
 * @param image the cloaked photo, of the input's size; the caller owns it. Of the input's type
 *     where that type holds the cloak exactly (8-bit RGB, RGBA or gray); palette and 16-bit inputs
 *     come back as TYPE_INT_RGB (TYPE_INT_ARGB with alpha), since a palette would snap the cloak to
 *     its colours. When no face was protected its pixels are the input's
 * @param faces every face found, in the order they were found, each with its status; empty when
 *     no face was found
 * @param target the identity the faces were pushed toward, or null for {@link Strategy#UNTARGETED}
 */
public record CloakResult(BufferedImage image, List<FaceCloak> faces, TargetIdentity target) {
  /** What the photo as a whole got. */
  public enum Status {
    /** Every face found is protected. */
    CLOAKED,
    /** At least one face found is not protected ({@link FaceCloak#status()} says why). */
    PARTLY_PROTECTED,
    /** No face was found: the photo is unchanged. */
    NO_FACE;

    /** {@return the status as reports spell it: {@code cloaked}, {@code partly-protected}, {@code no-face}} */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * Validates and freezes the fields.
   *
   * @param image the cloaked photo
   * @param faces every face found
   * @param target the identity pushed toward, or null
   */
  public CloakResult {
    requireNonNull(image, "image");
    faces = List.copyOf(requireNonNull(faces, "faces"));
  }

  /** {@return the number of faces found in the photo, protected or not} */
  public int facesFound() {
    return faces.size();
  }

  /** {@return the number of faces protected} */
  public int facesProtected() {
    return (int) faces.stream().filter(FaceCloak::isProtected).count();
  }

  /** {@return {@link Status#NO_FACE}, {@link Status#CLOAKED} if every face is protected, else {@link Status#PARTLY_PROTECTED}} */
  public Status status() {
    if (faces.isEmpty()) {
      return Status.NO_FACE;
    }
    return facesProtected() == faces.size() ? Status.CLOAKED : Status.PARTLY_PROTECTED;
  }
}
