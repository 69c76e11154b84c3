package dev.fawkes.tf.model.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Float16Test {
  @Test
  void decodesNormalSubnormalAndSpecialValues() {
    assertThat(Float16.toFloat((short) 0x3c00)).isEqualTo(1.0f);
    assertThat(Float16.toFloat((short) 0xc000)).isEqualTo(-2.0f);
    assertThat(Float16.toFloat((short) 0x3555)).isEqualTo(0.333251953125f);
    assertThat(Float16.toFloat((short) 0x7bff)).isEqualTo(65504f);
    assertThat(Float16.toFloat((short) 0x0001)).isEqualTo(0x1p-24f);
    assertThat(Float16.toFloat((short) 0x03ff)).isEqualTo(1023 * 0x1p-24f);
    assertThat(Float16.toFloat((short) 0x8000)).isEqualTo(-0.0f);
    assertThat(Float16.toFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(Float16.toFloat((short) 0xfc00)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(Float16.toFloat((short) 0x7e00)).isNaN();
  }

  @Test
  void matchesTheDefinitionForEveryFiniteHalf() {
    for (int bits = 0; bits < 0x10000; bits++) {
      int exponent = (bits >> 10) & 0x1f;
      if (exponent == 0x1f) {
        continue;
      }
      int mantissa = bits & 0x3ff;
      double magnitude = exponent == 0
          ? mantissa * Math.pow(2, -24)
          : (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
      double expected = (bits & 0x8000) != 0 ? -magnitude : magnitude;
      assertThat((double) Float16.toFloat((short) bits)).as("0x%04x", bits).isEqualTo(expected);
    }
  }

  @Test
  void encodingRoundsToNearestAndRoundTripsEveryHalf() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float f = Float16.toFloat((short) bits);
      if (!Float.isNaN(f)) {
        assertThat(Float16.fromFloat(f) & 0xffff).as("0x%04x", bits).isEqualTo(bits);
      }
    }
    assertThat(Float16.toFloat(Float16.fromFloat(0.1f))).isEqualTo(0.0999755859375f);
    assertThat(Float16.toFloat(Float16.fromFloat(1e6f))).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(Float16.toFloat(Float16.fromFloat(1e-9f))).isEqualTo(0f);
    assertThat(Float16.toFloat(Float16.fromFloat(-3.14159f))).isEqualTo(-3.140625f);
  }
}
