package dev.fawkes.spi;

import dev.fawkes.CloakConfig;
import dev.fawkes.Cloaker;
import dev.fawkes.FaceAligner;

/**
 * A backend, found by {@link java.util.ServiceLoader}: a jar registers its implementation in
 * {@code META-INF/services/dev.fawkes.spi.CloakerProvider}.
 */
public interface CloakerProvider {
  /** {@return the backend's name, used by the {@code fawkes.backend} system property} */
  String name();

  /** {@return the preference among several backends: the lowest rank wins} */
  int rank();

  /**
   * Creates a cloaker; loads native libraries and models here, never earlier.
   *
   * @param config how to cloak
   * @param aligner finds faces in photos, or null for the backend's default
   * @return a new cloaker, which the caller closes
   */
  Cloaker create(CloakConfig config, FaceAligner aligner);
}
