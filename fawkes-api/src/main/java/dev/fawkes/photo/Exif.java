package dev.fawkes.photo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one EXIF parser: the orientation tag of IFD0 in a TIFF-format EXIF block, read and reset.
 * Nothing else of EXIF is interpreted; the block travels as bytes. Stateless.
 */
final class Exif {
  /** What precedes the TIFF header in a JPEG's APP1 segment, and off-spec in some PNG eXIf chunks. */
  static final byte[] PREFIX = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);

  private static final int ORIENTATION_TAG = 0x0112;
  private static final int UPRIGHT = 1;

  private Exif() {}

  /** The orientation (1..8) an EXIF block asks viewers to apply; 1 when it has none or is malformed. */
  static int orientation(byte[] exif) {
    ByteBuffer tiff = tiff(exif);
    if (tiff == null) {
      return UPRIGHT;
    }
    try {
      int entry = orientationEntry(tiff);
      int value = entry < 0 ? UPRIGHT : Short.toUnsignedInt(tiff.getShort(entry + 8));
      return value >= 1 && value <= 8 ? value : UPRIGHT;
    } catch (IndexOutOfBoundsException e) {
      // Malformed: treat the photo as upright rather than refuse it.
      return UPRIGHT;
    }
  }

  /**
   * A copy of an EXIF block, without any {@link #PREFIX}, whose orientation tag, if any, says
   * "upright"; null when the block is not TIFF-format EXIF or is malformed, so that it is not passed on.
   */
  static byte[] withUprightOrientation(byte[] exif) {
    ByteBuffer tiff = tiff(exif);
    if (tiff == null) {
      return null;
    }
    byte[] copy = new byte[tiff.remaining()];
    tiff.duplicate().get(copy);
    ByteBuffer out = ByteBuffer.wrap(copy).order(tiff.order());
    try {
      int entry = orientationEntry(out);
      if (entry >= 0) {
        out.putShort(entry + 8, (short) UPRIGHT);
      }
    } catch (IndexOutOfBoundsException e) {
      return null;
    }
    return copy;
  }

  /** The TIFF bytes of a block in their byte order, past any prefix; null when they are not TIFF. */
  private static ByteBuffer tiff(byte[] exif) {
    int from = exif.length >= PREFIX.length && Arrays.equals(exif, 0, PREFIX.length, PREFIX, 0, PREFIX.length)
        ? PREFIX.length : 0;
    if (exif.length - from < 8) {
      return null;
    }
    byte a = exif[from];
    byte b = exif[from + 1];
    byte c = exif[from + 2];
    byte d = exif[from + 3];
    boolean intel = a == 'I' && b == 'I' && c == 42 && d == 0;
    boolean motorola = a == 'M' && b == 'M' && c == 0 && d == 42;
    if (!intel && !motorola) {
      return null;
    }
    return ByteBuffer.wrap(exif, from, exif.length - from).slice()
        .order(intel ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
  }

  /**
   * The offset of IFD0's orientation entry, or -1 without one.
   *
   * @throws IndexOutOfBoundsException where an offset or count points outside the block
   */
  private static int orientationEntry(ByteBuffer tiff) {
    int ifd = tiff.getInt(4);
    int entries = Short.toUnsignedInt(tiff.getShort(ifd));
    for (int e = 0; e < entries; e++) {
      int entry = ifd + 2 + 12 * e;
      if (Short.toUnsignedInt(tiff.getShort(entry)) == ORIENTATION_TAG) {
        return entry;
      }
    }
    return -1;
  }
}
