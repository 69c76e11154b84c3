package dev.fawkes.photo;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Builds test photos with private metadata, and lists what metadata a file carries. Shared with the
 * other modules' tests through this module's test jar.
 */
public final class TestPhotos {
  /** The camera make and serial number in {@link #exif}. */
  public static final String CAMERA = "FawkesTestCam SN-0042";
  /** The person named in {@link #xmp}. */
  public static final String XMP_CREATOR = "Jane Example";

  private TestPhotos() {}

  /**
   * A big-endian EXIF block: IFD0 with Make (the camera string), Orientation and a GPS pointer to a
   * GPS IFD that says latitude north.
   */
  public static byte[] exif(int orientation) {
    byte[] make = (CAMERA + "\0").getBytes(StandardCharsets.US_ASCII);
    int ifd0 = 8;
    int ifd0Size = 2 + 3 * 12 + 4;
    int gpsIfd = ifd0 + ifd0Size;
    int gpsSize = 2 + 12 + 4;
    int makeAt = gpsIfd + gpsSize;
    ByteBuffer b = ByteBuffer.allocate(makeAt + make.length);
    b.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(ifd0);
    b.putShort((short) 3);
    b.putShort((short) 0x010f).putShort((short) 2).putInt(make.length).putInt(makeAt); // Make, ASCII
    b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
    b.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(gpsIfd); // GPS IFD pointer
    b.putInt(0);
    b.putShort((short) 1);
    b.putShort((short) 1).putShort((short) 2).putInt(2).put((byte) 'N').put((byte) 0).putShort((short) 0); // GPSLatitudeRef
    b.putInt(0);
    b.put(make);
    return b.array();
  }

  /** An XMP packet naming {@link #XMP_CREATOR}. */
  public static byte[] xmp() {
    return ("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
        + "<rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:creator>" + XMP_CREATOR
        + "</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>").getBytes(StandardCharsets.UTF_8);
  }

  /** The test gradient's colour at (x, y), for images up to 64x48: every channel differs across it. */
  public static int gradient(int x, int y) {
    return (4 * x) << 16 | (5 * y) << 8 | 2 * (x + y);
  }

  /** The largest difference of any channel of {@code image} from the {@link #gradient}. */
  public static int maxGradientError(BufferedImage image) {
    int worst = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        int q = gradient(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          worst = Math.max(worst, Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff)));
        }
      }
    }
    return worst;
  }

  /** The image encoded by ImageIO in {@code format}, without metadata. */
  public static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, format, out)) {
      throw new IOException("no writer for " + format);
    }
    return out.toByteArray();
  }

  /** The image as a progressive JPEG. */
  public static byte[] progressiveJpeg(BufferedImage image) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /**
   * A JPEG or PNG file, as {@link #encode} gives, with these metadata blocks (any may be null)
   * inserted by the product's own writer, as a camera or editor would have them.
   */
  public static byte[] withMetadata(byte[] file, byte[] icc, byte[] exif, byte[] xmp) {
    return Metadata.of(icc, exif, xmp).insertInto(file);
  }

  /**
   * The metadata blocks of a JPEG ("APP1 Exif", "APP1 XMP", "APP2 ICC") or PNG (chunk types), read
   * with a parser of this test's own so that the checks do not rely on the code under test.
   */
  public static List<String> blocks(byte[] file) {
    List<String> blocks = new ArrayList<>();
    if ((file[0] & 0xff) == 0xff) {
      int i = 2;
      while ((file[i] & 0xff) == 0xff && (file[i + 1] & 0xff) != 0xda) {
        int marker = file[i + 1] & 0xff;
        int length = ((file[i + 2] & 0xff) << 8) | (file[i + 3] & 0xff);
        String head = new String(file, i + 4, Math.min(32, length - 2), StandardCharsets.ISO_8859_1);
        if (marker == 0xe1) {
          blocks.add(head.startsWith("Exif") ? "APP1 Exif" : head.startsWith("http://ns.adobe.com") ? "APP1 XMP" : "APP1");
        } else if (marker == 0xe2) {
          blocks.add(head.startsWith("ICC_PROFILE") ? "APP2 ICC" : "APP2");
        }
        i += 2 + length;
      }
    } else {
      ByteBuffer b = ByteBuffer.wrap(file);
      for (int i = 8; i + 8 <= file.length; i += 12 + b.getInt(i)) {
        blocks.add(new String(file, i + 4, 4, StandardCharsets.US_ASCII));
      }
    }
    return blocks;
  }

  /** True when the file's bytes contain {@code text}, wherever it is. */
  public static boolean contains(byte[] file, String text) {
    return new String(file, StandardCharsets.ISO_8859_1).contains(text);
  }
}
