package dev.fawkes.tf;

import dev.fawkes.BackendException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.bytedeco.javacpp.Loader;

/**
 * TensorFlow's native library, as the backend needs it: checked before TensorFlow is first touched,
 * so that a missing platform jar is named in the error rather than reported as "no jnitensorflow
 * in java.library.path". The natives come in {@code org.tensorflow:tensorflow-core-native} jars,
 * one per platform classifier; JavaCPP unpacks the one found into its cache (about 650 MB, {@code
 * ~/.javacpp/cache}, moved with the system property {@value #CACHE_PROPERTY}) on first use.
 */
final class NativeLibrary {
  /** The system property that moves JavaCPP's cache of unpacked native libraries. */
  static final String CACHE_PROPERTY = "org.bytedeco.javacpp.cachedir";
  /** The platforms TensorFlow Java 1.1.0 publishes natives for. */
  static final String PLATFORMS = "linux-x86_64, linux-x86_64-gpu, linux-arm64, macosx-arm64 and windows-x86_64";

  private NativeLibrary() {}

  /**
   * Throws a {@link BackendException} naming the artifact to add when no TensorFlow native library
   * for this platform is on the classpath. Loads nothing.
   */
  static void requirePresent() {
    requirePresent(NativeLibrary.class.getClassLoader());
  }

  /** As {@link #requirePresent()}, looking in {@code classes}, where JavaCPP looks: the -gpu build first. */
  static void requirePresent(ClassLoader classes) {
    String platform = Loader.getPlatform();
    String library = System.mapLibraryName("jnitensorflow");
    for (String candidate : new String[] {platform + "-gpu", platform}) {
      if (classes.getResource("org/tensorflow/internal/c_api/" + candidate + "/" + library) != null) {
        return;
      }
    }
    throw new BackendException("TensorFlow's native library for " + platform + " is not on the classpath: add "
        + artifact(platform) + " (Maven: <classifier>" + platform + "</classifier>; Gradle: '" + artifact(platform)
        + "'). TensorFlow Java publishes natives for " + PLATFORMS + ".");
  }

  /** The error for a native library that is there but fails to load, with what to check. */
  static BackendException failedToLoad(LinkageError e) {
    String platform = Loader.getPlatform();
    return new BackendException("TensorFlow's native library for " + platform + " failed to load (" + e.getMessage()
        + "); check that " + artifact(platform) + " matches this machine (the -gpu build needs CUDA 12 and cuDNN 9), "
        + "and that JavaCPP's cache (system property " + CACHE_PROPERTY + ", default ~/.javacpp/cache) is writable "
        + "with about 700 MB free", e);
  }

  /** {@code group:artifact:version:classifier} of the native jar for {@code platform}. */
  static String artifact(String platform) {
    return "org.tensorflow:tensorflow-core-native:" + tensorFlowVersion() + ":" + platform;
  }

  /** The version of TensorFlow Java on the classpath, from its jar's Maven metadata. */
  private static String tensorFlowVersion() {
    try (InputStream in = NativeLibrary.class.getClassLoader()
        .getResourceAsStream("META-INF/maven/org.tensorflow/tensorflow-core-api/pom.properties")) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        return properties.getProperty("version", "VERSION");
      }
    } catch (IOException e) {
      // Only the message loses the version.
    }
    return "VERSION";
  }
}
