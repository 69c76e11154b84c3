package dev.fawkes.tf.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageBatchTest {
  @Test
  void valuesAreCopiedInAndOut() {
    float[] values = new float[2 * 1 * 1 * 3];
    ImageBatch batch = ImageBatch.of(2, 1, 1, values);
    values[0] = 1;
    batch.pixels()[1] = 1;
    assertThat(batch.pixels()).containsOnly(0f);
    assertThat(batch).isEqualTo(ImageBatch.of(2, 1, 1, new float[6])).hasSameHashCodeAs(ImageBatch.of(2, 1, 1, new float[6]));
  }

  @Test
  void convertsImagesToRgbIn01() {
    BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    image.setRGB(1, 0, 0xff8000);
    ImageBatch batch = ImageBatch.of(List.of(image));
    assertThat(batch.count()).isEqualTo(1);
    assertThat(batch.width()).isEqualTo(2);
    assertThat(batch.height()).isEqualTo(1);
    assertThat(batch.pixels()).containsExactly(0f, 0f, 0f, 1f, 128 / 255f, 0f);
  }

  @Test
  void refusesMismatchedDimensions() {
    assertThatThrownBy(() -> ImageBatch.of(1, 2, 2, new float[11]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pixels has 11 values, expected count * height * width * 3 = 12");
    assertThatThrownBy(() -> ImageBatch.of(0, 2, 2, new float[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be at least 1");
  }
}
