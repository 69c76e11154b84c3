package dev.fawkes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ApiIsolationTest {
  @Test
  void theApiModuleDoesNotSeeTensorFlow() {
    // fawkes-api must stay engine-neutral: nothing of TensorFlow may reach its classpath.
    assertThatThrownBy(() -> Class.forName("org.tensorflow.Graph")).isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void everyExceptionTheApiDeclaresIsAnUncheckedFawkesExceptionWithBothConstructors() throws Exception {
    // Read from the compiled classes, so that an exception added later is checked too.
    List<Class<?>> exceptions = apiClasses().stream().filter(Throwable.class::isAssignableFrom).toList();
    assertThat(exceptions).contains(FawkesException.class, ImageException.class, NoFaceException.class,
        ModelException.class, BackendException.class);
    for (Class<?> type : exceptions) {
      assertThat(FawkesException.class).as("%s derives from FawkesException", type).isAssignableFrom(type);
      assertThat(Modifier.isPublic(type.getModifiers())).as("%s is public", type).isTrue();
      assertThat(type.getConstructor(String.class)).as("%s(String)", type).isNotNull();
      assertThat(type.getConstructor(String.class, Throwable.class)).as("%s(String, Throwable)", type).isNotNull();
    }
  }

  /** Every top-level class compiled from fawkes-api's main sources. */
  private static List<Class<?>> apiClasses() throws URISyntaxException, java.io.IOException {
    Path root = Path.of(Cloaker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(root).as("fawkes-api's classes, as a folder").isDirectory();
    try (Stream<Path> files = Files.walk(root)) {
      return files.map(root::relativize).map(Path::toString).filter(f -> f.endsWith(".class") && !f.contains("$"))
          .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
          .map(ApiIsolationTest::load).toList();
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, ApiIsolationTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(name, e);
    }
  }
}
