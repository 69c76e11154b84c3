package dev.fawkes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiIsolationTest {
  @Test
  void theApiModuleDoesNotSeeTensorFlow() {
    // fawkes-api must stay engine-neutral: nothing of TensorFlow may reach its classpath.
    assertThatThrownBy(() -> Class.forName("org.tensorflow.Graph")).isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void everyLibraryExceptionIsAnUncheckedFawkesException() {
    assertThat(new ModelException("m")).isInstanceOf(FawkesException.class).isInstanceOf(RuntimeException.class);
    assertThat(new BackendException("b", new IllegalStateException())).isInstanceOf(FawkesException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
  }
}
