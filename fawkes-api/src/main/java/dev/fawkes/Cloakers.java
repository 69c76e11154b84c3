package dev.fawkes;

import static java.util.Objects.requireNonNull;

import dev.fawkes.spi.CloakerProvider;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Creates {@link Cloaker}s from the backend on the classpath ({@code fawkes-tf}), found through
 * {@link ServiceLoader}. With several backends the lowest rank wins, unless the system property
 * {@value #BACKEND_PROPERTY} names one. A cloaker's cost in time, memory and threads, and its first
 * call: <a href="package-summary.html#numbers">Time, memory and threads</a>.
 */
public final class Cloakers {
  /** System property naming the backend to use. */
  public static final String BACKEND_PROPERTY = "fawkes.backend";

  private Cloakers() {}

  /**
   * Creates a cloaker with the backend's default face aligner. The caller closes it.
   *
   * @param config how to cloak
   * @return a new cloaker
   * @throws NullPointerException if the configuration is null
   * @throws BackendException if no backend is on the classpath or it fails to start
   * @throws ModelException if a model of the configuration cannot be loaded
   */
  public static Cloaker create(CloakConfig config) {
    return provider().create(requireNonNull(config, "config"), null);
  }

  /**
   * Creates a cloaker that finds faces with {@code aligner}. The caller closes it. For faces the
   * application already knows ({@link KnownFace}), the backend makes the aligner: with
   * {@code fawkes-tf}, {@code TfFaceAligner.forKnownFaces}.
   *
   * @param config how to cloak
   * @param aligner finds the faces in photos
   * @return a new cloaker
   * @throws NullPointerException if the configuration or the aligner is null
   * @throws BackendException if no backend is on the classpath or it fails to start
   * @throws ModelException if a model of the configuration cannot be loaded
   */
  public static Cloaker create(CloakConfig config, FaceAligner aligner) {
    return provider().create(requireNonNull(config, "config"), requireNonNull(aligner, "aligner"));
  }

  static CloakerProvider provider() {
    List<CloakerProvider> providers;
    try {
      providers = ServiceLoader.load(CloakerProvider.class).stream()
          .map(ServiceLoader.Provider::get)
          .sorted(Comparator.comparingInt(CloakerProvider::rank))
          .toList();
    } catch (ServiceConfigurationError e) {
      // A registered backend that cannot be instantiated is a backend failure, not a JVM error.
      throw new BackendException("A Fawkes backend on the classpath is registered but cannot be loaded ("
          + e.getMessage() + "); check that its jar and its dependencies are complete", e);
    }
    String wanted = System.getProperty(BACKEND_PROPERTY);
    if (wanted != null) {
      return providers.stream().filter(p -> p.name().equals(wanted)).findFirst()
          .orElseThrow(() -> new BackendException("Backend '" + wanted + "' (system property "
              + BACKEND_PROPERTY + ") is not on the classpath; found: " + names(providers)));
    }
    if (providers.isEmpty()) {
      throw new BackendException("No Fawkes backend on the classpath: add the dependency "
          + "dev.fawkes:fawkes-tf, which registers the TensorFlow backend");
    }
    return providers.get(0);
  }

  private static String names(List<CloakerProvider> providers) {
    return providers.isEmpty() ? "none" : providers.stream().map(CloakerProvider::name).collect(Collectors.joining(", "));
  }
}
