package dev.fawkes;

import dev.fawkes.spi.CloakerProvider;
import java.awt.image.BufferedImage;
import java.util.List;

/** A backend registered from test resources, to test discovery without TensorFlow. */
public final class FakeProvider implements CloakerProvider {
  @Override
  public String name() {
    return "fake";
  }

  @Override
  public int rank() {
    return 10;
  }

  @Override
  public Cloaker create(CloakConfig config, FaceAligner aligner) {
    return new Cloaker() {
      @Override
      public List<CloakResult> cloakAll(List<BufferedImage> photos, CloakListener listener) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<CloakResult> cloakAll(List<BufferedImage> photos, TargetIdentity target, CloakListener listener) {
        throw new UnsupportedOperationException();
      }

      @Override
      public TargetIdentity chooseTarget(List<BufferedImage> photos) {
        throw new UnsupportedOperationException();
      }

      @Override
      public CloakConfig config() {
        return config;
      }

      @Override
      public void close() {}
    };
  }
}
