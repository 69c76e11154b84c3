package dev.fawkes.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The metadata of a JPEG or PNG file that a cloaked copy may carry: the ICC colour profile (always
 * kept, so colours look the same), and EXIF and XMP (kept only on request, since they can locate or
 * identify the person: GPS position, camera serial number, names). Read from and written into the
 * files' bytes directly, so it works across formats (EXIF of a JPEG into a PNG's eXIf chunk).
 * Immutable.
 *
 * @param icc the ICC profile, or null
 * @param exif the EXIF block as TIFF bytes (from "II" or "MM"), or null
 * @param xmp the XMP packet, or null
 */
record PhotoMetadata(byte[] icc, byte[] exif, byte[] xmp) {
  static final PhotoMetadata NONE = new PhotoMetadata(null, null, null);

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] ICC_TAG = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EXIF_TAG = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] XMP_TAG = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII);
  private static final String PNG_XMP_KEYWORD = "XML:com.adobe.xmp";
  private static final int EXIF_ORIENTATION = 0x0112;
  private static final int MAX_SEGMENT = 65533; // a JPEG segment's payload, less its length field

  /** What a file carries; NONE for formats other than JPEG and PNG, or where the file is malformed. */
  static PhotoMetadata read(byte[] file) {
    try {
      if (isJpeg(file)) {
        return readJpeg(file);
      }
      if (isPng(file)) {
        return readPng(file);
      }
    } catch (RuntimeException | DataFormatException e) {
      // Malformed metadata is dropped; the pixels were decoded (or refused) separately.
    }
    return NONE;
  }

  /** The metadata a cloaked copy gets: the ICC profile, and EXIF and XMP only when asked to keep them. */
  PhotoMetadata forOutput(boolean keepPrivate) {
    if (!keepPrivate) {
      return new PhotoMetadata(icc, null, null);
    }
    // The pixels are already upright, so the copied EXIF must no longer ask viewers to rotate them.
    return new PhotoMetadata(icc, exif == null ? null : withUprightOrientation(exif), xmp);
  }

  /** The ICC profile's colour space from its header: "RGB ", "GRAY", "CMYK"...; null without a profile. */
  String iccColourSpace() {
    return icc == null || icc.length < 20 ? null : new String(icc, 16, 4, StandardCharsets.US_ASCII);
  }

  /** Drops an ICC profile that does not describe images with {@code gray} or RGB pixels (CMYK, say). */
  PhotoMetadata matching(boolean gray) {
    String space = iccColourSpace();
    boolean fits = space != null && space.equals(gray ? "GRAY" : "RGB ");
    return fits || icc == null ? this : new PhotoMetadata(null, exif, xmp);
  }

  /** The encoded file with this metadata inserted; JPEG or PNG bytes as written by ImageIO. */
  byte[] insertInto(byte[] file) throws IOException {
    if (icc == null && exif == null && xmp == null) {
      return file;
    }
    if (isJpeg(file)) {
      return insertIntoJpeg(file);
    }
    if (isPng(file)) {
      return insertIntoPng(file);
    }
    throw new IOException("metadata can only be written into JPEG and PNG files");
  }

  // ---- JPEG: APP1 Exif, APP1 XMP, APP2 ICC_PROFILE (split into numbered chunks) ----

  private static boolean isJpeg(byte[] b) {
    return b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8;
  }

  private static PhotoMetadata readJpeg(byte[] b) {
    byte[] exif = null;
    byte[] xmp = null;
    ByteArrayOutputStream icc = new ByteArrayOutputStream();
    int i = 2;
    while (i + 4 <= b.length && (b[i] & 0xff) == 0xff) {
      int marker = b[i + 1] & 0xff;
      int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
      if (marker == 0xda || length < 2 || i + 2 + length > b.length) {
        break; // start of scan, or a broken segment: no more metadata
      }
      int start = i + 4;
      int end = i + 2 + length;
      if (marker == 0xe1 && startsWith(b, start, end, EXIF_TAG)) {
        exif = Arrays.copyOfRange(b, start + EXIF_TAG.length, end);
      } else if (marker == 0xe1 && startsWith(b, start, end, XMP_TAG)) {
        xmp = Arrays.copyOfRange(b, start + XMP_TAG.length, end);
      } else if (marker == 0xe2 && startsWith(b, start, end, ICC_TAG)) {
        // Chunks come in order in every file seen; the sequence bytes are skipped.
        icc.write(b, start + ICC_TAG.length + 2, end - start - ICC_TAG.length - 2);
      }
      i = end;
    }
    return new PhotoMetadata(icc.size() > 0 ? icc.toByteArray() : null, exif, xmp);
  }

  private byte[] insertIntoJpeg(byte[] b) throws IOException {
    int at = 2;
    if ((b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0xe0) { // after the JFIF header, which must come first
      at = 4 + (((b[4] & 0xff) << 8) | (b[5] & 0xff));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 4096);
    out.write(b, 0, at);
    // A block that one JPEG segment cannot hold (from a PNG, where chunks are larger) is dropped:
    // the photo matters more than its metadata, and dropping is the private choice.
    if (exif != null && fitsSegment(EXIF_TAG, exif)) {
      writeSegment(out, 0xe1, EXIF_TAG, exif, 0, exif.length);
    }
    if (xmp != null && fitsSegment(XMP_TAG, xmp)) {
      writeSegment(out, 0xe1, XMP_TAG, xmp, 0, xmp.length);
    }
    int perChunk = MAX_SEGMENT - ICC_TAG.length - 2;
    if (icc != null && (icc.length + perChunk - 1) / perChunk <= 255) {
      int chunks = (icc.length + perChunk - 1) / perChunk;
      for (int c = 0; c < chunks; c++) {
        int from = c * perChunk;
        byte[] tag = Arrays.copyOf(ICC_TAG, ICC_TAG.length + 2);
        tag[ICC_TAG.length] = (byte) (c + 1);
        tag[ICC_TAG.length + 1] = (byte) chunks;
        writeSegment(out, 0xe2, tag, icc, from, Math.min(perChunk, icc.length - from));
      }
    }
    out.write(b, at, b.length - at);
    return out.toByteArray();
  }

  private static boolean fitsSegment(byte[] tag, byte[] data) {
    return tag.length + data.length <= MAX_SEGMENT;
  }

  private static void writeSegment(ByteArrayOutputStream out, int marker, byte[] tag, byte[] data, int from, int len)
      throws IOException {
    int length = 2 + tag.length + len;
    if (length > MAX_SEGMENT + 2) {
      throw new IOException("a metadata block is too large for one JPEG segment (" + len + " bytes)");
    }
    out.write(0xff);
    out.write(marker);
    out.write(length >> 8);
    out.write(length & 0xff);
    out.write(tag);
    out.write(data, from, len);
  }

  // ---- PNG: iCCP (zlib), eXIf, iTXt "XML:com.adobe.xmp" ----

  private static boolean isPng(byte[] b) {
    return b.length > 8 && Arrays.equals(b, 0, 8, PNG_SIGNATURE, 0, 8);
  }

  private static PhotoMetadata readPng(byte[] b) throws DataFormatException {
    byte[] icc = null;
    byte[] exif = null;
    byte[] xmp = null;
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
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
    return new PhotoMetadata(icc, exif, xmp);
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

  private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  // ---- EXIF ----

  /** A copy of a TIFF-format EXIF block whose orientation tag, if any, says "upright". */
  static byte[] withUprightOrientation(byte[] exif) {
    byte[] tiff = exif;
    if (startsWith(tiff, 0, tiff.length, EXIF_TAG)) { // off-spec in PNG, written by some tools
      tiff = Arrays.copyOfRange(tiff, EXIF_TAG.length, tiff.length);
    }
    boolean intel = tiff.length >= 8 && tiff[0] == 'I' && tiff[1] == 'I' && tiff[2] == 42 && tiff[3] == 0;
    boolean motorola = tiff.length >= 8 && tiff[0] == 'M' && tiff[1] == 'M' && tiff[2] == 0 && tiff[3] == 42;
    if (!intel && !motorola) {
      return null; // not TIFF-format EXIF: not passed on
    }
    byte[] copy = tiff.clone();
    try {
      ByteBuffer buf = ByteBuffer.wrap(copy).order(intel ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
      int ifd = buf.getInt(4);
      int entries = Short.toUnsignedInt(buf.getShort(ifd));
      for (int e = 0; e < entries; e++) {
        int entry = ifd + 2 + 12 * e;
        if (Short.toUnsignedInt(buf.getShort(entry)) == EXIF_ORIENTATION) {
          buf.putShort(entry + 8, (short) 1);
        }
      }
    } catch (IndexOutOfBoundsException e) {
      return null; // malformed EXIF is not passed on
    }
    return copy;
  }

  // ---- bytes ----

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
        if (out.size() > 16 << 20) {
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
