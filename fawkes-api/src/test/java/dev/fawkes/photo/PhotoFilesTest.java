package dev.fawkes.photo;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Photos as people have them, read and written with the JDK's ImageIO alone: formats, colour, alpha,
 * metadata. The formats that plugins add are tested where the plugins are, in the command line.
 */
class PhotoFilesTest {
  @TempDir
  Path dir;

  private static BufferedImage decode(byte[] bytes, String name) {
    return Photos.decode(bytes, name, Long.MAX_VALUE).image();
  }

  @Test
  void readsProgressiveJpegAnd16BitPng() throws Exception {
    BufferedImage rgb = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        rgb.setRGB(x, y, TestPhotos.gradient(x, y));
      }
    }
    byte[] progressive = TestPhotos.progressiveJpeg(rgb);
    assertThat(TestPhotos.maxGradientError(decode(progressive, "progressive.jpg"))).isLessThan(16);

    assertThat(TestPhotos.maxGradientError(decode(TestPhotos.encode(rgb, "bmp"), "a.bmp"))).isZero();
    // GIF: a 256-colour palette, so near, and the first frame.
    assertThat(TestPhotos.maxGradientError(decode(TestPhotos.encode(rgb, "gif"), "a.gif"))).isLessThan(40);

    // 16-bit RGB PNG: the samples are rounded to 8 bits, not truncated or misread.
    ImageTypeSpecifier type = ImageTypeSpecifier.createInterleaved(ColorSpace.getInstance(ColorSpace.CS_sRGB),
        new int[] {0, 1, 2}, java.awt.image.DataBuffer.TYPE_USHORT, false, false);
    BufferedImage deep = type.createBufferedImage(64, 48);
    WritableRaster raster = deep.getRaster();
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        int p = TestPhotos.gradient(x, y);
        raster.setPixel(x, y, new int[] {((p >> 16) & 0xff) * 257, ((p >> 8) & 0xff) * 257, (p & 0xff) * 257});
      }
    }
    byte[] png16 = TestPhotos.encode(deep, "png");
    assertThat(png16[24]).as("PNG bit depth").isEqualTo((byte) 16);
    assertThat(TestPhotos.maxGradientError(decode(png16, "deep.png"))).isZero();
  }

  @Test
  void grayStaysGrayAndAlphaStaysInPng() throws Exception {
    BufferedImage gray = new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_GRAY);
    gray.getRaster().setSample(3, 4, 0, 100);
    Photo read = Photos.decode(TestPhotos.encode(gray, "png"), "gray.png", Long.MAX_VALUE);
    // The stored value, not a linear-to-sRGB conversion of it.
    assertThat(read.image().getRGB(3, 4) & 0xffffff).isEqualTo(0x646464);
    assertThat(read.isGrayscale()).isTrue();
    BufferedImage cloaked = read.image();
    cloaked.setRGB(0, 0, 0x102030); // what a cloak does: colour noise
    Path out = dir.resolve("gray_cloaked.jpg");
    Photos.write(read.withImage(cloaked), out);
    assertThat(ImageIO.read(out.toFile()).getColorModel().getNumComponents()).isEqualTo(1);

    BufferedImage argb = new BufferedImage(20, 10, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(1, 1, 0x80ff0000);
    assertThat(Photo.of(argb).isGrayscale()).isFalse();
    Path png = dir.resolve("alpha_cloaked.png");
    Photos.write(Photo.of(argb), png);
    BufferedImage back = ImageIO.read(png.toFile());
    assertThat(back.getRGB(1, 1)).isEqualTo(0x80ff0000);
    assertThat(back.getRGB(5, 5) >>> 24).isZero();
    try (var files = Files.list(dir)) {
      assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
    }
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
    byte[] jpeg = TestPhotos.withMetadata(TestPhotos.encode(rgb, "jpg"), icc, TestPhotos.exif(6), TestPhotos.xmp());
    assertThat(TestPhotos.blocks(jpeg)).contains("APP1 Exif", "APP1 XMP", "APP2 ICC");
    Photo source = Photos.decode(jpeg, "rotated.jpg", Long.MAX_VALUE);
    assertThat(source.iccProfile()).hasValue(icc);
    assertThat(source.hasPrivateMetadata()).isTrue();
    assertThat(source.image().getWidth()).as("orientation 6 applied").isEqualTo(24);
    // The JDK's JPEG reader converts through the profile; the stored values, read with the
    // TwelveMonkeys plugin, are checked in the command line's tests.

    for (String ext : new String[] {"png", "jpg"}) {
      Path stripped = dir.resolve("stripped." + ext);
      Photos.write(source.withImage(rgb), stripped, WriteOptions.builder().jpegQuality(0.9f).build());
      byte[] bytes = Files.readAllBytes(stripped);
      assertThat(TestPhotos.contains(bytes, TestPhotos.CAMERA)).as(ext + " camera").isFalse();
      assertThat(TestPhotos.contains(bytes, TestPhotos.XMP_CREATOR)).as(ext + " XMP").isFalse();
      assertThat(TestPhotos.blocks(bytes)).as(ext).doesNotContain("APP1 Exif", "APP1 XMP", "eXIf", "iTXt")
          .containsAnyOf("APP2 ICC", "iCCP");
      assertThat(Photos.read(stripped).iccProfile()).as(ext + " ICC").hasValue(icc);

      Path kept = dir.resolve("kept." + ext);
      Photos.write(source.withImage(rgb), kept, WriteOptions.builder().jpegQuality(0.9f).keepMetadata(true).build());
      bytes = Files.readAllBytes(kept);
      assertThat(TestPhotos.contains(bytes, TestPhotos.CAMERA)).as(ext + " camera kept").isTrue();
      assertThat(TestPhotos.contains(bytes, TestPhotos.XMP_CREATOR)).as(ext + " XMP kept").isTrue();
      // The pixels are upright already, so the kept EXIF says so; a viewer must not rotate them again.
      assertThat(ImageIO.read(kept.toFile()).getWidth()).isEqualTo(32);
      assertThat(Photos.read(kept).image().getWidth()).as(ext + " orientation reset").isEqualTo(32);
    }
    // The profile is kept byte for byte, and the PNG reader still decodes the file.
    BufferedImage png = ImageIO.read(dir.resolve("stripped.png").toFile());
    assertThat(png.getWidth()).isEqualTo(32);
  }

  @Test
  void metadataAJpegCannotHoldOrThatIsNotExifIsDroppedNotFatal() throws Exception {
    byte[] hugeXmp = new byte[70_000]; // fits a PNG chunk, not a JPEG segment
    Arrays.fill(hugeXmp, (byte) 'x');
    byte[] jpeg = Metadata.of(null, TestPhotos.exif(1), hugeXmp)
        .insertInto(TestPhotos.encode(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "jpg"));
    assertThat(TestPhotos.blocks(jpeg)).contains("APP1 Exif").doesNotContain("APP1 XMP");
    assertThat(ImageIO.read(new ByteArrayInputStream(jpeg)).getWidth()).isEqualTo(8);
    // EXIF with the "Exif\0\0" prefix some PNG writers add is understood; anything else is not passed on.
    byte[] prefixed = new byte[6 + TestPhotos.exif(6).length];
    System.arraycopy("Exif\0\0".getBytes(StandardCharsets.US_ASCII), 0, prefixed, 0, 6);
    System.arraycopy(TestPhotos.exif(6), 0, prefixed, 6, TestPhotos.exif(6).length);
    assertThat(Exif.orientation(prefixed)).isEqualTo(6);
    assertThat(Exif.withUprightOrientation(prefixed)).isNotNull().startsWith((byte) 'M', (byte) 'M');
    assertThat(Exif.orientation(Exif.withUprightOrientation(prefixed))).isEqualTo(1);
    assertThat(Exif.withUprightOrientation("not exif at all".getBytes(StandardCharsets.US_ASCII))).isNull();
    assertThat(Exif.orientation("not exif at all".getBytes(StandardCharsets.US_ASCII))).isEqualTo(1);
  }

  @Test
  void aProfileThatDoesNotFitTheOutputIsDropped() {
    byte[] gray = ICC_Profile.getInstance(ColorSpace.CS_GRAY).getData();
    Metadata metadata = Metadata.of(gray, null, null);
    assertThat(metadata.iccColourSpace()).isEqualTo("GRAY");
    assertThat(metadata.matching(true).icc()).isNotNull();
    assertThat(metadata.matching(false).icc()).isNull();
    assertThat(Metadata.read("not an image".getBytes(StandardCharsets.US_ASCII))).isSameAs(Metadata.NONE);
  }
}
