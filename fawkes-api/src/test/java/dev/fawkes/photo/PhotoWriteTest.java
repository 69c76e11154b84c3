package dev.fawkes.photo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fawkes.ImageException;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library path of the README: a phone photo read, changed and written back by {@link Photos},
 * checked with the test's own metadata lister ({@link TestPhotos#blocks}) and with ImageIO.
 */
class PhotoWriteTest {
  private static final byte[] ICC = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();

  @TempDir
  Path dir;

  /** A JPEG as a phone writes it: an ICC profile, EXIF with the camera serial and a GPS position, XMP. */
  private Path phonePhoto() throws Exception {
    BufferedImage rgb = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(5);
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 40; x++) {
        rgb.setRGB(x, y, random.nextInt() & 0xffffff);
      }
    }
    Path file = dir.resolve("phone.jpg");
    Files.write(file, TestPhotos.withMetadata(TestPhotos.encode(rgb, "jpg"), ICC, TestPhotos.exif(1), TestPhotos.xmp()));
    return file;
  }

  @Test
  void aCloakedCopyKeepsTheIccProfileAndDropsExifAndXmpUnlessAsked() throws Exception {
    Photo photo = Photos.read(phonePhoto());
    assertThat(photo.iccProfile()).hasValue(ICC);
    assertThat(photo.hasPrivateMetadata()).isTrue();
    BufferedImage cloaked = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    cloaked.getGraphics().drawImage(photo.image(), 0, 0, null);
    cloaked.setRGB(3, 3, 0x123456);

    for (String ext : new String[] {"png", "jpg"}) {
      Path out = dir.resolve("phone_cloaked." + ext);
      Photos.write(photo.withImage(cloaked), out);
      byte[] bytes = Files.readAllBytes(out);
      assertThat(TestPhotos.blocks(bytes)).as(ext).containsAnyOf("APP2 ICC", "iCCP")
          .doesNotContain("APP1 Exif", "APP1 XMP", "eXIf", "iTXt");
      assertThat(TestPhotos.contains(bytes, TestPhotos.CAMERA)).as(ext + " EXIF").isFalse();
      assertThat(TestPhotos.contains(bytes, TestPhotos.XMP_CREATOR)).as(ext + " XMP").isFalse();
      Photo back = Photos.read(out);
      assertThat(back.iccProfile()).as(ext).hasValue(ICC);
      assertThat(back.hasPrivateMetadata()).as(ext).isFalse();
      assertThat(back.image().getWidth()).isEqualTo(40);

      Path kept = dir.resolve("phone_kept." + ext);
      Photos.write(photo.withImage(cloaked), kept, WriteOptions.builder().keepMetadata(true).build());
      bytes = Files.readAllBytes(kept);
      assertThat(TestPhotos.blocks(bytes)).as(ext).containsAnyOf("APP1 Exif", "eXIf").containsAnyOf("APP1 XMP", "iTXt");
      assertThat(TestPhotos.contains(bytes, TestPhotos.CAMERA)).as(ext + " EXIF kept").isTrue();
      assertThat(TestPhotos.contains(bytes, TestPhotos.XMP_CREATOR)).as(ext + " XMP kept").isTrue();
      assertThat(Photos.read(kept).iccProfile()).as(ext).hasValue(ICC);
    }
    // PNG is lossless: the changed pixel is there.
    assertThat(Photos.readImage(dir.resolve("phone_cloaked.png")).getRGB(3, 3) & 0xffffff).isEqualTo(0x123456);
  }

  @Test
  void anImageWithAlphaWrittenAsJpegIsAValidJpegOnWhite() throws Exception {
    BufferedImage argb = new BufferedImage(16, 8, BufferedImage.TYPE_INT_ARGB); // transparent
    for (int x = 0; x < 8; x++) {
      for (int y = 0; y < 8; y++) {
        argb.setRGB(x, y, 0xffff0000); // the left half opaque red
      }
    }
    Path out = dir.resolve("argb.jpg");
    Photos.write(Photo.of(argb), out);
    byte[] bytes = Files.readAllBytes(out);
    assertThat(bytes).startsWith((byte) 0xff, (byte) 0xd8);
    BufferedImage back = ImageIO.read(out.toFile());
    assertThat(back.getWidth()).isEqualTo(16);
    assertThat(back.getColorModel().hasAlpha()).isFalse();
    assertThat((back.getRGB(2, 4) >> 16) & 0xff).as("red").isGreaterThan(230);
    assertThat(back.getRGB(2, 4) & 0xff).as("red, not blue").isLessThan(30);
    assertThat(back.getRGB(13, 4) & 0xff).as("transparent becomes white").isGreaterThan(230);
  }

  @Test
  void sixteenBitGrayIsWrittenWithItsStoredValues() throws Exception {
    BufferedImage deep = new BufferedImage(8, 8, BufferedImage.TYPE_USHORT_GRAY);
    deep.getRaster().setSample(1, 1, 0, 100 * 257);
    Photo photo = Photo.of(deep);
    assertThat(photo.isGrayscale()).isTrue();
    for (String ext : new String[] {"png", "jpg"}) {
      Path out = dir.resolve("deep." + ext);
      Photos.write(photo, out);
      BufferedImage back = ImageIO.read(out.toFile());
      assertThat(back.getType()).as(ext).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
      // 100, not the brighter value a linear-gray to sRGB conversion gives.
      assertThat(back.getRaster().getSample(1, 1, 0)).as(ext).isCloseTo(100, within(ext.equals("png") ? 0 : 12));
      assertThat(back.getRaster().getSample(5, 5, 0)).as(ext).isCloseTo(0, within(ext.equals("png") ? 0 : 12));
    }
  }

  @Test
  void theFormatComesFromTheOptionsTheNameOrTheInput() throws Exception {
    Photo fromJpeg = Photos.read(phonePhoto());
    Photo fromPng = Photo.of(fromJpeg.image());
    WriteOptions same = WriteOptions.builder().format(OutputFormat.SAME_AS_INPUT).build();
    Photos.write(fromJpeg, dir.resolve("a.out"), same);
    Photos.write(fromPng, dir.resolve("b.out"), same);
    Photos.write(fromPng, dir.resolve("c.JPEG"));
    Photos.write(fromJpeg, dir.resolve("d.out"), WriteOptions.builder().format(OutputFormat.PNG).build());
    assertThat(Files.readAllBytes(dir.resolve("a.out"))).startsWith((byte) 0xff, (byte) 0xd8);
    assertThat(Files.readAllBytes(dir.resolve("b.out"))).startsWith((byte) 0x89, (byte) 'P');
    assertThat(Files.readAllBytes(dir.resolve("c.JPEG"))).startsWith((byte) 0xff, (byte) 0xd8);
    assertThat(Files.readAllBytes(dir.resolve("d.out"))).startsWith((byte) 0x89, (byte) 'P');
    assertThatThrownBy(() -> Photos.write(fromPng, dir.resolve("e.bmp"))).isInstanceOf(ImageException.class)
        .hasMessageContaining("e.bmp").hasMessageContaining(".png or .jpg");
    assertThat(dir.resolve("e.bmp")).doesNotExist();
  }

  @Test
  void theJpegQualityIsUsed() throws Exception {
    Photo photo = Photos.read(phonePhoto());
    Path low = dir.resolve("low.jpg");
    Path high = dir.resolve("high.jpg");
    Photos.write(photo, low, WriteOptions.builder().jpegQuality(0.3f).build());
    Photos.write(photo, high, WriteOptions.builder().jpegQuality(1f).build());
    assertThat(Files.size(low)).isLessThan(Files.size(high) / 2);
  }

  @Test
  void optionsAreCheckedAndFailuresNameTheFile() {
    assertThatThrownBy(() -> WriteOptions.builder().jpegQuality(1.5f).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("jpegQuality (1.5) must be in (0, 1]");
    assertThatThrownBy(() -> WriteOptions.builder().jpegQuality(0f).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jpegQuality (0.0)");
    assertThatThrownBy(() -> WriteOptions.builder().jpegQuality(Float.NaN).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(WriteOptions.defaults()).isEqualTo(WriteOptions.builder().build())
        .hasSameHashCodeAs(WriteOptions.builder().build());
    assertThat(WriteOptions.defaults().format()).isEqualTo(OutputFormat.FROM_FILE_NAME);
    assertThat(WriteOptions.defaults().keepMetadata()).isFalse();
    assertThat(WriteOptions.builder().keepMetadata(true).build()).isNotEqualTo(WriteOptions.defaults());

    Photo photo = Photo.of(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB));
    Path missing = dir.resolve("no-such-folder").resolve("x.png");
    assertThatThrownBy(() -> Photos.write(photo, missing)).isInstanceOf(ImageException.class)
        .hasMessageContaining(missing.toString()).hasMessageContaining("folder");
    assertThatThrownBy(() -> Photos.write(null, missing)).isInstanceOf(NullPointerException.class).hasMessage("photo");
    assertThatThrownBy(() -> Photo.of(null)).isInstanceOf(NullPointerException.class).hasMessage("image");
  }
}
