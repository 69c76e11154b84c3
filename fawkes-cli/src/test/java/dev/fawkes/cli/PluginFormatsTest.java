package dev.fawkes.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fawkes.ImageException;
import dev.fawkes.photo.Photos;
import dev.fawkes.photo.TestPhotos;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the command line's ImageIO plugins (TwelveMonkeys imageio-webp and imageio-jpeg, on its
 * runtime classpath) add to {@link Photos}: WebP, CMYK JPEG, and the stored values of a JPEG with an
 * ICC profile. No models.
 */
class PluginFormatsTest {
  private static byte[] resource(String name) throws Exception {
    try (InputStream in = PluginFormatsTest.class.getResourceAsStream("/formats/" + name)) {
      return in.readAllBytes();
    }
  }

  private static BufferedImage decode(byte[] bytes, String name) {
    return Photos.decode(bytes, name, Photos.DEFAULT_MAX_PIXELS).image();
  }

  @Test
  void readsWebPAndCmykJpegThroughThePlugins() throws Exception {
    BufferedImage webp = decode(resource("gradient-lossless.webp"), "gradient.webp");
    assertThat(webp.getWidth()).isEqualTo(64);
    assertThat(TestPhotos.maxGradientError(webp)).as("lossless WebP").isZero();
    BufferedImage cmyk = decode(resource("gradient-cmyk.jpg"), "gradient-cmyk.jpg");
    assertThat(cmyk.getHeight()).isEqualTo(48);
    // Lossy, and through a CMYK round trip: close, not exact; an inverted or unconverted CMYK read is off by 100+.
    assertThat(TestPhotos.maxGradientError(cmyk)).as("CMYK JPEG").isLessThan(40);
  }

  @Test
  void aJpegWithAProfileIsReadWithItsStoredValues() throws Exception {
    BufferedImage rgb = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 32; x++) {
        rgb.setRGB(x, y, 0x336699);
      }
    }
    byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
    byte[] jpeg = TestPhotos.withMetadata(TestPhotos.encode(rgb, "jpg"), icc, TestPhotos.exif(6), null);
    BufferedImage decoded = decode(jpeg, "rotated.jpg");
    assertThat(decoded.getWidth()).as("orientation 6 applied").isEqualTo(24);
    // Not converted from the (linear) profile: kept with the profile, they show as before.
    int p = decoded.getRGB(12, 16);
    assertThat((p >> 16) & 0xff).isCloseTo(0x33, within(3));
    assertThat((p >> 8) & 0xff).isCloseTo(0x66, within(3));
    assertThat(p & 0xff).isCloseTo(0x99, within(3));
  }

  @Test
  @Timeout(30)
  void aWebPThatSentItsReaderIntoAnEndlessLoopIsRefused() throws Exception {
    // Found by PhotoFuzzTest (seed 2026, mutation 2453): a VP8L chunk declaring more bytes than the
    // file has; TwelveMonkeys' reader read zeros past the end for ever.
    assertThatThrownBy(() -> decode(resource("runaway-reader.webp"), "runaway.webp"))
        .isInstanceOf(ImageException.class).hasMessageContaining("kept reading past the end");
  }
}
