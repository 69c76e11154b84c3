package dev.fawkes.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fawkes.BackendException;
import dev.fawkes.CloakConfig;
import dev.fawkes.Cloakers;
import dev.fawkes.Preset;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A missing native TensorFlow jar is named in the error, before TensorFlow is touched. */
class NativeLibraryTest {
  private static final String NATIVE_JAR = "tensorflow-core-native-";

  @Test
  void theNativeOfThisPlatformIsFoundOnTheTestClasspath() {
    assertThatCode(NativeLibrary::requirePresent).doesNotThrowAnyException();
  }

  @Test
  void aClasspathWithoutItNamesTheArtifactToAdd() {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      assertThatThrownBy(() -> NativeLibrary.requirePresent(empty)).isInstanceOf(BackendException.class)
          .hasMessageContaining("org.tensorflow:tensorflow-core-native:1.1.0:" + Loader.getPlatform())
          .hasMessageContaining("<classifier>" + Loader.getPlatform() + "</classifier>");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** As an application without the native jar meets it: Cloakers.create in a JVM of its own. */
  @Test
  void cloakersCreateWithoutTheNativeJarSaysWhichJarToAdd(@TempDir Path dir) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> entries = Arrays.asList(classpath.split(File.pathSeparator));
    String[] jars = entries.stream().filter(e -> new File(e).getName().startsWith(NATIVE_JAR)
        && !new File(e).getName().equals(NATIVE_JAR + "1.1.0.jar")).toArray(String[]::new);
    assertThat(jars).as("the platform's native jar on the test classpath").isNotEmpty();
    String without = entries.stream().filter(e -> !Arrays.asList(jars).contains(e))
        .collect(Collectors.joining(File.pathSeparator));
    Path out = dir.resolve("out.txt");
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        without, CreateCloaker.class.getName()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(Files.readString(out)).contains("BackendException", "is not on the classpath: add",
        "org.tensorflow:tensorflow-core-native:1.1.0:" + Loader.getPlatform());
  }

  /** Creates a cloaker and prints what went wrong. */
  static final class CreateCloaker {
    public static void main(String[] args) {
      try {
        Cloakers.create(CloakConfig.preset(Preset.LOW)).close();
        System.out.println("created");
      } catch (RuntimeException e) {
        System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }
}
