package dev.fawkes.photo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fawkes.ImageException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading photos: orientation, the refusals. */
class PhotosTest {
  @TempDir
  Path dir;

  @Test
  void readsPngAndOrientsAsExifSays() throws Exception {
    BufferedImage image = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, 0xff0000); // top-left red
    Path png = dir.resolve("a.png");
    ImageIO.write(image, "png", png.toFile());
    BufferedImage read = Photos.readImage(png);
    assertThat(read.getWidth()).isEqualTo(4);
    assertThat(read.getRGB(0, 0) & 0xffffff).isEqualTo(0xff0000);
    // Orientation 6: rotate 90 degrees clockwise to show; the top-left pixel goes to the top-right.
    BufferedImage six = Pixels.orient(read, 6);
    assertThat(six.getWidth()).isEqualTo(2);
    assertThat(six.getRGB(1, 0) & 0xffffff).isEqualTo(0xff0000);
    // Orientation 8: counter-clockwise; it goes to the bottom-left.
    BufferedImage eight = Pixels.orient(read, 8);
    assertThat(eight.getRGB(0, 3) & 0xffffff).isEqualTo(0xff0000);
  }

  @Test
  void refusesADecompressionBombFromItsHeaderAlone() throws Exception {
    // A valid PNG header declaring 50000 x 50000 pixels (2.5 gigapixels) with almost no data.
    Path bomb = dir.resolve("bomb.png");
    Files.write(bomb, pngDeclaring(50_000, 50_000));
    assertThatThrownBy(() -> Photos.read(bomb)).isInstanceOf(ImageException.class)
        .hasMessageContaining("50000x50000").hasMessageContaining("refused");
    BufferedImage small = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
    Path ok = dir.resolve("ok.png");
    ImageIO.write(small, "png", ok.toFile());
    assertThatThrownBy(() -> Photos.read(ok, 5_000)).isInstanceOf(ImageException.class).hasMessageContaining("100x100");
  }

  @Test
  void corruptTruncatedAndMissingFilesAreImageExceptions() throws Exception {
    Path text = dir.resolve("notes.jpg");
    Files.writeString(text, "not an image");
    assertThatThrownBy(() -> Photos.read(text)).isInstanceOf(ImageException.class).hasMessageContaining("notes.jpg");
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    ImageIO.write(image, "jpg", jpeg);
    Path truncated = dir.resolve("cut.jpg");
    Files.write(truncated, Arrays.copyOf(jpeg.toByteArray(), 40));
    assertThatThrownBy(() -> Photos.read(truncated)).isInstanceOf(ImageException.class)
        .hasMessageContaining("cut.jpg is a truncated JPEG"); // cut inside its headers
    // Cut inside the image data: readers fill the rest with gray and say nothing, so it is checked.
    BufferedImage noisy = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    java.util.Random random = new java.util.Random(3);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        noisy.setRGB(x, y, random.nextInt());
      }
    }
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    ImageIO.write(noisy, "jpg", whole);
    byte[] bytes = whole.toByteArray();
    assertThat(JpegSegments.walk(bytes).isTruncated(bytes)).isFalse();
    assertThat(Photos.decode(bytes, "whole.jpg", Long.MAX_VALUE).image().getWidth()).isEqualTo(64);
    assertThatThrownBy(() -> Photos.decode(Arrays.copyOf(bytes, bytes.length * 2 / 3), "half.jpg", Long.MAX_VALUE))
        .isInstanceOf(ImageException.class).hasMessageContaining("half.jpg is a truncated JPEG");
    byte[] trailing = Arrays.copyOf(bytes, bytes.length + 100); // junk after the end marker, as some cameras write
    assertThat(JpegSegments.walk(trailing).isTruncated(trailing)).isFalse();
    assertThatThrownBy(() -> Photos.read(dir.resolve("missing.png"))).isInstanceOf(ImageException.class)
        .hasMessageContaining("missing.png");
  }

  private static byte[] pngDeclaring(int w, int h) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    Metadata.writeChunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2)
        .put((byte) 0).put((byte) 0).put((byte) 0).array());
    Deflater deflater = new Deflater();
    deflater.setInput(new byte[1000]);
    deflater.finish();
    byte[] data = new byte[2000];
    int n = deflater.deflate(data);
    Metadata.writeChunk(out, "IDAT", Arrays.copyOf(data, n));
    Metadata.writeChunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }
}
