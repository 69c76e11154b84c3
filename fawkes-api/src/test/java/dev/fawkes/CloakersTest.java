package dev.fawkes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CloakersTest {
  @Test
  void findsTheRegisteredBackendAndHonoursTheProperty() {
    CloakConfig config = CloakConfig.preset(Preset.LOW);
    try (Cloaker cloaker = Cloakers.create(config)) {
      assertThat(cloaker.config()).isEqualTo(config);
    }
    String old = System.getProperty(Cloakers.BACKEND_PROPERTY);
    try {
      System.setProperty(Cloakers.BACKEND_PROPERTY, "fake");
      assertThat(Cloakers.provider().name()).isEqualTo("fake");
      System.setProperty(Cloakers.BACKEND_PROPERTY, "cuda-magic");
      assertThatThrownBy(() -> Cloakers.create(config)).isInstanceOf(BackendException.class)
          .hasMessageContaining("'cuda-magic'").hasMessageContaining(Cloakers.BACKEND_PROPERTY)
          .hasMessageContaining("found: fake");
    } finally {
      if (old == null) {
        System.clearProperty(Cloakers.BACKEND_PROPERTY);
      } else {
        System.setProperty(Cloakers.BACKEND_PROPERTY, old);
      }
    }
  }
}
