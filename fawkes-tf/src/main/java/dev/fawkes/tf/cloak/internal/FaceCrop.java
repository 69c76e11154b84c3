package dev.fawkes.tf.cloak.internal;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.hash.Hashing;
import dev.fawkes.AlignedFace;
import java.awt.geom.Rectangle2D;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * One aligned face of one call, converted once to RGB floats in 0..1: what every later step of the
 * cloak reads. Its random streams are drawn from the seed and the face's own pixels, so that a
 * face is treated the same whichever batch, slot or call it is in. Immutable.
 */
public final class FaceCrop {
  /** Smallest crop side, in pixels: SSIM's 11x11 window and reflect padding need room. */
  public static final int MIN_SIZE = 32;

  private final int photo;
  private final AlignedFace aligned;
  private final float[] pixels;
  private final boolean gray;

  /**
   * Converts a face found in photo number {@code photo} of a call.
   *
   * @throws IllegalArgumentException if the crop is smaller than {@link #MIN_SIZE}
   */
  public FaceCrop(int photo, AlignedFace aligned) {
    checkNotNull(aligned, "aligned");
    checkArgument(aligned.crop().getWidth() >= MIN_SIZE, "the face crop is %s px; at least %s px are needed",
        aligned.crop().getWidth(), MIN_SIZE);
    this.photo = photo;
    this.aligned = aligned;
    this.pixels = FacePaster.toFloats(aligned.crop());
    this.gray = isGray(pixels);
  }

  private static boolean isGray(float[] rgb) {
    for (int i = 0; i < rgb.length; i += 3) {
      if (rgb[i] != rgb[i + 1] || rgb[i] != rgb[i + 2]) {
        return false;
      }
    }
    return true;
  }

  /** Whether every pixel of the crop is gray (R = G = B): such a face is cloaked in gray. */
  public boolean gray() {
    return gray;
  }

  /** The index of the photo this face was found in, within its call. */
  public int photo() {
    return photo;
  }

  /** The face as the aligner found it. */
  public AlignedFace aligned() {
    return aligned;
  }

  /** The side of the crop, in pixels. */
  public int size() {
    return aligned.crop().getWidth();
  }

  /** Where the canonical framing lies in the crop: [top, left, bottom, right] as fractions of the side. */
  float[] framing() {
    Rectangle2D c = aligned.canonical();
    double side = size();
    return new float[] {(float) (c.getMinY() / side), (float) (c.getMinX() / side),
        (float) (c.getMaxY() / side), (float) (c.getMaxX() / side)};
  }

  /** The crop's RGB floats; shared, not copied: callers only read them. */
  float[] pixels() {
    return pixels;
  }

  /** A random stream of this face under {@code seed}. */
  Random random(long seed) {
    ByteBuffer bytes = ByteBuffer.allocate(pixels.length * 4);
    bytes.asFloatBuffer().put(pixels);
    return new Random(Hashing.murmur3_128().newHasher().putLong(seed).putBytes(bytes.array()).hash().asLong());
  }

  /**
   * The optimizer's start point: the face plus a uniform offset of up to {@code levels} (of 255) drawn
   * from {@code seed}; the untargeted loss has a zero gradient at the clean face itself.
   */
  float[] start(long seed, double levels) {
    Random random = random(seed);
    float amplitude = (float) (levels / 255);
    float[] start = new float[pixels.length];
    for (int i = 0; i < start.length; i++) {
      start[i] = Math.min(1f, Math.max(0f, pixels[i] + (random.nextFloat() * 2 - 1) * amplitude));
    }
    return start;
  }
}
