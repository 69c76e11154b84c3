package dev.fawkes.photo;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The metadata of a JPEG or PNG file that a copy may carry: the ICC colour profile (kept, so colours
 * look the same), and EXIF and XMP (kept only on request, since they can locate or identify the
 * person: GPS position, camera serial number, names). Read from and written into the files' bytes
 * directly, so it crosses formats (the EXIF of a JPEG into a PNG's eXIf chunk). Immutable: the
 * arrays are never handed out or changed.
 */
final class Metadata {
  static final Metadata NONE = new Metadata(null, null, null);

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] ICC_TAG = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] XMP_TAG = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII);
  private static final String PNG_XMP_KEYWORD = "XML:com.adobe.xmp";
  private static final int MAX_SEGMENT = 65533; // a JPEG segment's payload, less its length field
  private static final int MAX_INFLATED = 16 << 20;

  /** The ICC profile, or null. */
  private final byte[] icc;
  /** The EXIF block as TIFF bytes ("II" or "MM" first, possibly after {@link Exif#PREFIX}), or null. */
  private final byte[] exif;
  /** The XMP packet, or null. */
  private final byte[] xmp;

  private Metadata(byte[] icc, byte[] exif, byte[] xmp) {
    this.icc = icc;
    this.exif = exif;
    this.xmp = xmp;
  }

  /** Metadata of the given blocks, each copied; any may be null. */
  static Metadata of(byte[] icc, byte[] exif, byte[] xmp) {
    return new Metadata(copy(icc), copy(exif), copy(xmp));
  }

  /** What a file carries; {@link #NONE} for formats other than JPEG and PNG. Never throws. */
  static Metadata read(byte[] file) {
    try {
      if (JpegSegments.isJpeg(file)) {
        return readJpeg(file);
      }
      if (isPng(file)) {
        return readPng(file);
      }
    } catch (RuntimeException | DataFormatException e) {
      // Malformed metadata is dropped; the pixels are decoded (or refused) separately.
    }
    return NONE;
  }

  /** The ICC profile, not copied: callers inside this package do not change it. Null without one. */
  byte[] icc() {
    return icc;
  }

  /** True when EXIF or XMP, which can identify the person, is present. */
  boolean hasPrivate() {
    return exif != null || xmp != null;
  }

  /** The EXIF orientation (1..8); 1 without EXIF. */
  int orientation() {
    return exif == null ? 1 : Exif.orientation(exif);
  }

  /** The metadata an upright copy gets: the ICC profile, and EXIF and XMP only when {@code keepPrivate}. */
  Metadata forOutput(boolean keepPrivate) {
    if (!keepPrivate) {
      return icc == null ? NONE : new Metadata(icc, null, null);
    }
    // The pixels are already upright, so the copied EXIF must no longer ask viewers to rotate them.
    return new Metadata(icc, exif == null ? null : Exif.withUprightOrientation(exif), xmp);
  }

  /** The ICC profile's colour space from its header: "RGB ", "GRAY", "CMYK"...; null without a profile. */
  String iccColourSpace() {
    return icc == null || icc.length < 20 ? null : new String(icc, 16, 4, StandardCharsets.US_ASCII);
  }

  /** Drops an ICC profile that does not describe images with {@code gray} or RGB pixels (CMYK, say). */
  Metadata matching(boolean gray) {
    String space = iccColourSpace();
    boolean fits = space != null && space.equals(gray ? "GRAY" : "RGB ");
    return fits || icc == null ? this : new Metadata(null, exif, xmp);
  }

  /**
   * The encoded file with this metadata inserted; JPEG or PNG bytes as ImageIO writes them.
   *
   * @throws IllegalArgumentException for a file that is neither, while there is metadata to insert
   */
  byte[] insertInto(byte[] file) {
    if (icc == null && exif == null && xmp == null) {
      return file;
    }
    if (JpegSegments.isJpeg(file)) {
      return insertIntoJpeg(file);
    }
    if (isPng(file)) {
      return insertIntoPng(file);
    }
    throw new IllegalArgumentException("metadata can only be written into JPEG and PNG files");
  }

  // ---- JPEG: APP1 Exif, APP1 XMP, APP2 ICC_PROFILE (split into numbered chunks) ----

  private static Metadata readJpeg(byte[] b) {
    byte[] exif = null;
    byte[] xmp = null;
    ByteArrayOutputStream icc = new ByteArrayOutputStream();
    for (JpegSegments.Segment s : JpegSegments.walk(b).segments()) {
      if (s.marker() == JpegSegments.APP1 && exif == null && startsWith(b, s.start(), s.end(), Exif.PREFIX)) {
        exif = Arrays.copyOfRange(b, s.start() + Exif.PREFIX.length, s.end());
      } else if (s.marker() == JpegSegments.APP1 && xmp == null && startsWith(b, s.start(), s.end(), XMP_TAG)) {
        xmp = Arrays.copyOfRange(b, s.start() + XMP_TAG.length, s.end());
      } else if (s.marker() == JpegSegments.APP2 && startsWith(b, s.start(), s.end(), ICC_TAG)) {
        // Chunks come in order in every file seen; the sequence bytes are skipped.
        int from = s.start() + ICC_TAG.length + 2;
        icc.write(b, from, Math.max(0, s.end() - from));
      }
    }
    return new Metadata(icc.size() > 0 ? icc.toByteArray() : null, exif, xmp);
  }

  private byte[] insertIntoJpeg(byte[] b) {
    // After the JFIF header, which must come first.
    int at = JpegSegments.walk(b).segments().stream().findFirst().filter(s -> s.marker() == JpegSegments.APP0)
        .map(JpegSegments.Segment::end).orElse(2);
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 4096);
    out.write(b, 0, at);
    // A block that one JPEG segment cannot hold (from a PNG, where chunks are larger) is dropped:
    // the photo matters more than its metadata, and dropping is the private choice.
    if (exif != null && Exif.PREFIX.length + exif.length <= MAX_SEGMENT) {
      writeSegment(out, JpegSegments.APP1, Exif.PREFIX, exif, 0, exif.length);
    }
    if (xmp != null && XMP_TAG.length + xmp.length <= MAX_SEGMENT) {
      writeSegment(out, JpegSegments.APP1, XMP_TAG, xmp, 0, xmp.length);
    }
    int perChunk = MAX_SEGMENT - ICC_TAG.length - 2;
    if (icc != null && (icc.length + perChunk - 1) / perChunk <= 255) {
      int chunks = (icc.length + perChunk - 1) / perChunk;
      for (int c = 0; c < chunks; c++) {
        int from = c * perChunk;
        byte[] tag = Arrays.copyOf(ICC_TAG, ICC_TAG.length + 2);
        tag[ICC_TAG.length] = (byte) (c + 1);
        tag[ICC_TAG.length + 1] = (byte) chunks;
        writeSegment(out, JpegSegments.APP2, tag, icc, from, Math.min(perChunk, icc.length - from));
      }
    }
    out.write(b, at, b.length - at);
    return out.toByteArray();
  }

  private static void writeSegment(ByteArrayOutputStream out, int marker, byte[] tag, byte[] data, int from, int len) {
    int length = 2 + tag.length + len;
    out.write(0xff);
    out.write(marker);
    out.write(length >> 8);
    out.write(length & 0xff);
    out.writeBytes(tag);
    out.write(data, from, len);
  }

  // ---- PNG: iCCP (zlib), eXIf, iTXt "XML:com.adobe.xmp" ----

  private static boolean isPng(byte[] b) {
    return b.length > 8 && Arrays.equals(b, 0, 8, PNG_SIGNATURE, 0, 8);
  }

  private static Metadata readPng(byte[] b) throws DataFormatException {
    byte[] icc = null;
    byte[] exif = null;
    byte[] xmp = null;
    ByteBuffer buf = ByteBuffer.wrap(b);
    int i = 8;
    while (i + 12 <= b.length) {
      int length = buf.getInt(i);
      String type = new String(b, i + 4, 4, StandardCharsets.US_ASCII);
      int start = i + 8;
      int end = start + length;
      if (length < 0 || end + 4 > b.length || type.equals("IDAT")) {
        break; // metadata of interest precedes the image data
      }
      if (type.equals("iCCP")) {
        int nul = indexOf(b, start, end, (byte) 0);
        icc = inflate(b, nul + 2, end); // after the name, its NUL and the compression method
      } else if (type.equals("eXIf")) {
        exif = Arrays.copyOfRange(b, start, end);
      } else if (type.equals("iTXt") && startsWith(b, start, end, (PNG_XMP_KEYWORD + "\0").getBytes(StandardCharsets.US_ASCII))) {
        int p = start + PNG_XMP_KEYWORD.length() + 1;
        boolean compressed = b[p] != 0;
        p = indexOf(b, p + 2, end, (byte) 0) + 1; // language tag
        p = indexOf(b, p, end, (byte) 0) + 1; // translated keyword
        xmp = compressed ? inflate(b, p, end) : Arrays.copyOfRange(b, p, end);
      }
      i = end + 4;
    }
    return new Metadata(icc, exif, xmp);
  }

  private byte[] insertIntoPng(byte[] b) {
    int ihdrEnd = 8 + 8 + ByteBuffer.wrap(b).getInt(8) + 4;
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 4096);
    out.write(b, 0, ihdrEnd);
    if (icc != null) {
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      data.writeBytes("ICC Profile\0\0".getBytes(StandardCharsets.US_ASCII)); // name, NUL, method 0 (zlib)
      data.writeBytes(deflate(icc));
      writeChunk(out, "iCCP", data.toByteArray());
    }
    if (exif != null) {
      writeChunk(out, "eXIf", exif);
    }
    if (xmp != null) {
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      // keyword NUL, uncompressed, method, empty language NUL, empty translation NUL, text
      data.writeBytes((PNG_XMP_KEYWORD + "\0\0\0\0\0").getBytes(StandardCharsets.US_ASCII));
      data.writeBytes(xmp);
      writeChunk(out, "iTXt", data.toByteArray());
    }
    // The rest, less any colour chunk that an ICC profile overrides (PNG allows iCCP or sRGB, not both).
    ByteBuffer buf = ByteBuffer.wrap(b);
    for (int i = ihdrEnd; i + 12 <= b.length; ) {
      int next = i + 12 + buf.getInt(i);
      String type = new String(b, i + 4, 4, StandardCharsets.US_ASCII);
      if (icc == null || !(type.equals("sRGB") || type.equals("iCCP"))) {
        out.write(b, i, next - i);
      }
      i = next;
    }
    return out.toByteArray();
  }

  /** Writes one PNG chunk: length, type, data and CRC. */
  static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  // ---- bytes ----

  private static byte[] copy(byte[] b) {
    return b == null ? null : b.clone();
  }

  private static boolean startsWith(byte[] b, int start, int end, byte[] prefix) {
    return end - start >= prefix.length && Arrays.equals(b, start, start + prefix.length, prefix, 0, prefix.length);
  }

  private static int indexOf(byte[] b, int start, int end, byte value) {
    for (int i = start; i < end; i++) {
      if (b[i] == value) {
        return i;
      }
    }
    throw new IllegalArgumentException("malformed chunk");
  }

  private static byte[] inflate(byte[] b, int start, int end) throws DataFormatException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(b, start, end - start);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new DataFormatException("truncated zlib data");
        }
        if (out.size() > MAX_INFLATED) {
          throw new DataFormatException("metadata over 16 MB");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } finally {
      inflater.end();
    }
  }

  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater();
    try {
      deflater.setInput(data);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }
}
