package dev.fawkes.tf.model;

/** IEEE 754 half-precision decoding, which Java 17 lacks ({@code Float.float16ToFloat} is Java 20). */
final class Float16 {
  private Float16() {}

  /** Returns the float value of the half-precision bits {@code h}; exact for every input. */
  static float toFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0x1f) { // infinity or NaN
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) { // zero or subnormal: mantissa * 2^-24
      float magnitude = mantissa * 0x1p-24f;
      return sign != 0 ? -magnitude : magnitude;
    }
    // Rebias the exponent from 15 to 127.
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }
}
