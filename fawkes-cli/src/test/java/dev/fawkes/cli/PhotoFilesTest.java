package dev.fawkes.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fawkes.Photos;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Photos as people have them, read and written by the CLI: formats, colour, alpha, metadata. No models. */
class PhotoFilesTest {
  @TempDir
  Path dir;

  private static void write(float quality, BufferedImage image, boolean gray, PhotoMetadata metadata, Path out)
      throws Exception {
    try (PhotoWriter writer = new PhotoWriter(quality)) {
      writer.write(image, gray, metadata, out);
    }
  }

  private static int gradient(int x, int y) {
    return (4 * x) << 16 | (5 * y) << 8 | 2 * (x + y);
  }

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = PhotoFilesTest.class.getResourceAsStream("/formats/" + name)) {
      return in.readAllBytes();
    }
  }

  private static int maxChannelError(BufferedImage image) {
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

  @Test
  void readsWebPAndCmykJpegThroughThePlugins() throws Exception {
    BufferedImage webp = Photos.decode(resource("gradient-lossless.webp"), "gradient.webp", Photos.DEFAULT_MAX_PIXELS);
    assertThat(webp.getWidth()).isEqualTo(64);
    assertThat(maxChannelError(webp)).as("lossless WebP").isZero();
    BufferedImage cmyk = Photos.decode(resource("gradient-cmyk.jpg"), "gradient-cmyk.jpg", Photos.DEFAULT_MAX_PIXELS);
    assertThat(cmyk.getHeight()).isEqualTo(48);
    // Lossy, and through a CMYK round trip: close, not exact; an inverted or unconverted CMYK read is off by 100+.
    assertThat(maxChannelError(cmyk)).as("CMYK JPEG").isLessThan(40);
  }

  @Test
  @org.junit.jupiter.api.Timeout(30)
  void aWebPThatSentItsReaderIntoAnEndlessLoopIsRefused() throws Exception {
    // Found by PhotoFuzzTest (seed 2026, mutation 2453): a VP8L chunk declaring more bytes than the
    // file has; TwelveMonkeys' reader read zeros past the end for ever.
    assertThatThrownBy(() -> Photos.decode(resource("runaway-reader.webp"), "runaway.webp", Photos.DEFAULT_MAX_PIXELS))
        .isInstanceOf(dev.fawkes.ImageException.class).hasMessageContaining("kept reading past the end");
  }

  @Test
  void readsProgressiveJpegAnd16BitPng() throws Exception {
    BufferedImage rgb = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        rgb.setRGB(x, y, gradient(x, y));
      }
    }
    byte[] progressive = TestPhotos.progressiveJpeg(rgb);
    assertThat(maxChannelError(Photos.decode(progressive, "progressive.jpg", Long.MAX_VALUE))).isLessThan(16);

    assertThat(maxChannelError(Photos.decode(TestPhotos.encode(rgb, "bmp"), "a.bmp", Long.MAX_VALUE))).isZero();
    // GIF: a 256-colour palette, so near, and the first frame.
    assertThat(maxChannelError(Photos.decode(TestPhotos.encode(rgb, "gif"), "a.gif", Long.MAX_VALUE))).isLessThan(40);

    // 16-bit RGB PNG: the samples are rounded to 8 bits, not truncated or misread.
    ImageTypeSpecifier type = ImageTypeSpecifier.createInterleaved(ColorSpace.getInstance(ColorSpace.CS_sRGB),
        new int[] {0, 1, 2}, java.awt.image.DataBuffer.TYPE_USHORT, false, false);
    BufferedImage deep = type.createBufferedImage(64, 48);
    WritableRaster raster = deep.getRaster();
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        int p = gradient(x, y);
        raster.setPixel(x, y, new int[] {((p >> 16) & 0xff) * 257, ((p >> 8) & 0xff) * 257, (p & 0xff) * 257});
      }
    }
    byte[] png16 = TestPhotos.encode(deep, "png");
    assertThat(png16[24]).as("PNG bit depth").isEqualTo((byte) 16);
    assertThat(maxChannelError(Photos.decode(png16, "deep.png", Long.MAX_VALUE))).isZero();
  }

  @Test
  void grayStaysGrayAndAlphaStaysInPng() throws Exception {
    BufferedImage gray = new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_GRAY);
    gray.getRaster().setSample(3, 4, 0, 100);
    BufferedImage read = Photos.decode(TestPhotos.encode(gray, "png"), "gray.png", Long.MAX_VALUE);
    // The stored value, not a linear-to-sRGB conversion of it.
    assertThat(read.getRGB(3, 4) & 0xffffff).isEqualTo(0x646464);
    assertThat(PhotoWriter.isGray(read)).isTrue();
    read.setRGB(0, 0, 0x102030); // what a cloak does: colour noise
    Path out = dir.resolve("gray_cloaked.jpg");
    write(0.95f, read, true, PhotoMetadata.NONE, out);
    assertThat(ImageIO.read(out.toFile()).getColorModel().getNumComponents()).isEqualTo(1);

    BufferedImage argb = new BufferedImage(20, 10, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(1, 1, 0x80ff0000);
    assertThat(PhotoWriter.isGray(argb)).isFalse();
    Path png = dir.resolve("alpha_cloaked.png");
    write(0.95f, argb, false, PhotoMetadata.NONE, png);
    BufferedImage back = ImageIO.read(png.toFile());
    assertThat(back.getRGB(1, 1)).isEqualTo(0x80ff0000);
    assertThat(back.getRGB(5, 5) >>> 24).isZero();
    assertThat(Files.list(dir).filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
  }

  @Test
  void privateMetadataIsDroppedUnlessKeptAndTheIccProfileAlwaysStays() throws Exception {
    byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
    BufferedImage rgb = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 32; x++) {
        rgb.setRGB(x, y, 0x336699);
      }
    }
    byte[] jpeg = new PhotoMetadata(icc, TestPhotos.exif(6), TestPhotos.xmp()).insertInto(TestPhotos.encode(rgb, "jpg"));
    assertThat(TestPhotos.blocks(jpeg)).contains("APP1 Exif", "APP1 XMP", "APP2 ICC");
    PhotoMetadata source = PhotoMetadata.read(jpeg);
    assertThat(source.icc()).isEqualTo(icc);
    BufferedImage decoded = Photos.decode(jpeg, "rotated.jpg", Long.MAX_VALUE);
    assertThat(decoded.getWidth()).as("orientation 6 applied").isEqualTo(24);
    // The stored values, not converted from the (linear) profile: kept with the profile, they show as before.
    int p = decoded.getRGB(12, 16);
    assertThat(new int[] {(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff}).satisfies(c -> {
      assertThat(c[0]).isCloseTo(0x33, org.assertj.core.api.Assertions.within(3));
      assertThat(c[1]).isCloseTo(0x66, org.assertj.core.api.Assertions.within(3));
      assertThat(c[2]).isCloseTo(0x99, org.assertj.core.api.Assertions.within(3));
    });

    for (String ext : new String[] {"png", "jpg"}) {
      Path stripped = dir.resolve("stripped." + ext);
      write(0.9f, rgb, false, source.forOutput(false), stripped);
      byte[] bytes = Files.readAllBytes(stripped);
      assertThat(TestPhotos.contains(bytes, TestPhotos.CAMERA)).as(ext + " camera").isFalse();
      assertThat(TestPhotos.contains(bytes, TestPhotos.XMP_CREATOR)).as(ext + " XMP").isFalse();
      assertThat(TestPhotos.blocks(bytes)).as(ext).doesNotContain("APP1 Exif", "APP1 XMP", "eXIf", "iTXt")
          .containsAnyOf("APP2 ICC", "iCCP");
      assertThat(PhotoMetadata.read(bytes).icc()).as(ext + " ICC").isEqualTo(icc);

      Path kept = dir.resolve("kept." + ext);
      write(0.9f, rgb, false, source.forOutput(true), kept);
      bytes = Files.readAllBytes(kept);
      assertThat(TestPhotos.contains(bytes, TestPhotos.CAMERA)).as(ext + " camera kept").isTrue();
      assertThat(TestPhotos.contains(bytes, TestPhotos.XMP_CREATOR)).as(ext + " XMP kept").isTrue();
      // The pixels are upright already, so the kept EXIF says so; a viewer must not rotate them again.
      assertThat(ImageIO.read(kept.toFile()).getWidth()).isEqualTo(32);
      assertThat(Photos.read(kept).getWidth()).as(ext + " orientation reset").isEqualTo(32);
    }
    // The profile is kept byte for byte, and the PNG reader still decodes the file.
    BufferedImage png = ImageIO.read(dir.resolve("stripped.png").toFile());
    assertThat(png.getWidth()).isEqualTo(32);
  }

  @Test
  void metadataAJpegCannotHoldOrThatIsNotExifIsDroppedNotFatal() throws Exception {
    byte[] hugeXmp = new byte[70_000]; // fits a PNG chunk, not a JPEG segment
    java.util.Arrays.fill(hugeXmp, (byte) 'x');
    byte[] jpeg = new PhotoMetadata(null, TestPhotos.exif(1), hugeXmp)
        .insertInto(TestPhotos.encode(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "jpg"));
    assertThat(TestPhotos.blocks(jpeg)).contains("APP1 Exif").doesNotContain("APP1 XMP");
    assertThat(ImageIO.read(new java.io.ByteArrayInputStream(jpeg)).getWidth()).isEqualTo(8);
    // EXIF with the "Exif\0\0" prefix some PNG writers add is understood; anything else is not passed on.
    byte[] prefixed = new byte[6 + TestPhotos.exif(6).length];
    System.arraycopy("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, prefixed, 0, 6);
    System.arraycopy(TestPhotos.exif(6), 0, prefixed, 6, TestPhotos.exif(6).length);
    assertThat(PhotoMetadata.withUprightOrientation(prefixed)).isNotNull().startsWith((byte) 'M', (byte) 'M');
    assertThat(PhotoMetadata.withUprightOrientation("not exif at all".getBytes())).isNull();
  }

  @Test
  void aProfileThatDoesNotFitTheOutputIsDropped() {
    byte[] gray = ICC_Profile.getInstance(ColorSpace.CS_GRAY).getData();
    PhotoMetadata metadata = new PhotoMetadata(gray, null, null);
    assertThat(metadata.iccColourSpace()).isEqualTo("GRAY");
    assertThat(metadata.matching(true).icc()).isNotNull();
    assertThat(metadata.matching(false).icc()).isNull();
    assertThat(PhotoMetadata.read("not an image".getBytes())).isEqualTo(PhotoMetadata.NONE);
  }
}
