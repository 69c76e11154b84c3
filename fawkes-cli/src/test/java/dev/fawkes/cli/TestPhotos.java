package dev.fawkes.cli;

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

/** Builds test photos with private metadata, and lists what metadata a file carries. */
final class TestPhotos {
  static final String CAMERA = "FawkesTestCam SN-0042";
  static final String XMP_CREATOR = "Jane Example";

  private TestPhotos() {}

  /**
   * A big-endian EXIF block: IFD0 with Make (the camera string), Orientation and a GPS pointer to a
   * GPS IFD that says latitude north.
   */
  static byte[] exif(int orientation) {
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

  static byte[] xmp() {
    return ("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
        + "<rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:creator>" + XMP_CREATOR
        + "</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>").getBytes(StandardCharsets.UTF_8);
  }

  static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, format, out)) {
      throw new IOException("no writer for " + format);
    }
    return out.toByteArray();
  }

  static byte[] progressiveJpeg(BufferedImage image) throws IOException {
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
   * The metadata blocks of a JPEG ("APP1 Exif", "APP1 XMP", "APP2 ICC") or PNG (chunk types), read
   * with a parser of this test's own so that the checks do not rely on the code under test.
   */
  static List<String> blocks(byte[] file) {
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

  static boolean contains(byte[] file, String text) {
    return new String(file, StandardCharsets.ISO_8859_1).contains(text);
  }
}
