package dev.fawkes.quality;

/**
 * CIELAB of 8-bit sRGB colours (IEC 61966-2-1 transfer curve, D65 white, 2 degree observer) and the
 * CIE76 colour difference: the Euclidean distance in L*a*b*, on which a difference of about 2.3 is
 * one just-noticeable difference. The 256 linearised channel values are tabulated once.
 */
final class Cielab {
  /** D65 reference white, Y = 1. */
  private static final double XN = 0.95047;
  private static final double ZN = 1.08883;
  private static final double[] LINEAR = new double[256];

  static {
    for (int v = 0; v < 256; v++) {
      double c = v / 255.0;
      LINEAR[v] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
  }

  private Cielab() {}

  /** L*, a*, b* of a packed 0xRRGGBB colour (alpha ignored), written into {@code out}. */
  static void lab(int rgb, double[] out) {
    double r = LINEAR[(rgb >> 16) & 0xff];
    double g = LINEAR[(rgb >> 8) & 0xff];
    double b = LINEAR[rgb & 0xff];
    double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / XN;
    double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
    double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / ZN;
    double fx = f(x);
    double fy = f(y);
    double fz = f(z);
    out[0] = 116 * fy - 16;
    out[1] = 500 * (fx - fy);
    out[2] = 200 * (fy - fz);
  }

  /** CIE76 colour difference of two packed 0xRRGGBB colours. */
  static double deltaE76(int rgbA, int rgbB) {
    double[] a = new double[3];
    double[] b = new double[3];
    lab(rgbA, a);
    lab(rgbB, b);
    return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
  }

  private static double f(double t) {
    double delta = 6.0 / 29;
    return t > delta * delta * delta ? Math.cbrt(t) : t / (3 * delta * delta) + 4.0 / 29;
  }
}
