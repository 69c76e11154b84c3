package dev.fawkes.photo;

import java.util.ArrayList;
import java.util.List;

/**
 * The header segments of a JPEG file, walked once up to the start of the image data: the one
 * place that knows the segment layout, for the metadata reader and writer and the truncation check.
 * Immutable.
 */
final class JpegSegments {
  static final int APP0 = 0xe0;
  static final int APP1 = 0xe1;
  static final int APP2 = 0xe2;
  private static final int START_OF_SCAN = 0xda;
  private static final int END_OF_IMAGE = 0xd9;

  /**
   * One header segment.
   *
   * @param marker the byte after 0xFF, such as {@link #APP1}
   * @param start the offset of its first payload byte, after the length field
   * @param end the offset just past its last byte
   */
  record Segment(int marker, int start, int end) {}

  private final List<Segment> segments;
  /** Offset of the start-of-scan marker; -1 when the walk stopped before it. */
  private final int scanStart;
  /** True when the headers run past the end of the file. */
  private final boolean cut;

  private JpegSegments(List<Segment> segments, int scanStart, boolean cut) {
    this.segments = List.copyOf(segments);
    this.scanStart = scanStart;
    this.cut = cut;
  }

  /** True for bytes that start as a JPEG file does. */
  static boolean isJpeg(byte[] b) {
    return b.length >= 4 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8;
  }

  /**
   * Walks the headers of {@code jpeg}, which {@link #isJpeg} accepts. The walk stops at the start
   * of scan, at a byte that is no marker, at a length field under 2, or at a segment that runs past
   * the end; what was read before stays usable.
   */
  static JpegSegments walk(byte[] jpeg) {
    List<Segment> segments = new ArrayList<>();
    int i = 2;
    while (i + 4 <= jpeg.length) {
      if ((jpeg[i] & 0xff) != 0xff) {
        return new JpegSegments(segments, -1, false);
      }
      int marker = jpeg[i + 1] & 0xff;
      if (marker == 0xff) { // a fill byte before the marker
        i++;
        continue;
      }
      if (marker == START_OF_SCAN) {
        return new JpegSegments(segments, i, false);
      }
      int length = ((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff);
      if (length < 2) {
        return new JpegSegments(segments, -1, false);
      }
      int end = i + 2 + length;
      if (end > jpeg.length) {
        return new JpegSegments(segments, -1, true);
      }
      segments.add(new Segment(marker, i + 4, end));
      i = end;
    }
    return new JpegSegments(segments, -1, true);
  }

  /** The segments before the image data, in file order. */
  List<Segment> segments() {
    return segments;
  }

  /**
   * True when {@code jpeg}, the file walked, ends before its image is complete: inside the headers,
   * or with no end-of-image marker after the scan starts. In entropy-coded data a 0xFF byte is
   * followed only by 0x00 or a restart marker, so 0xFFD9 there is the real end.
   */
  boolean isTruncated(byte[] jpeg) {
    if (scanStart < 0) {
      return cut;
    }
    for (int j = jpeg.length - 2; j > scanStart; j--) {
      if ((jpeg[j] & 0xff) == 0xff && (jpeg[j + 1] & 0xff) == END_OF_IMAGE) {
        return false;
      }
    }
    return true;
  }
}
