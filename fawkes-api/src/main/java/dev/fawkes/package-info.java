/**
 * The engine-neutral public API of Fawkes for Java: image cloaking against unauthorized face
 * recognition. This package has no TensorFlow types; the backend ({@code fawkes-tf}) implements it.
 * The entry point is {@link dev.fawkes.Cloakers}, which creates a {@link dev.fawkes.Cloaker} from a
 * {@link dev.fawkes.CloakConfig}.
 *
 * <h2>Exceptions</h2>
 *
 * <p>Every exception is unchecked and carries a message. Two kinds are thrown:
 *
 * <ul>
 *   <li><b>Programming errors</b> keep the JDK's types, as Guava's {@code Preconditions} throws
 *       them: {@link java.lang.NullPointerException} for a null argument or list element,
 *       {@link java.lang.IllegalArgumentException} for an invalid value (an empty list of photos,
 *       a configuration value out of range, a target of another pool), and
 *       {@link java.lang.IllegalStateException} for a cloaker used after
 *       {@link dev.fawkes.Cloaker#close()}. Fix the calling code; do not catch them.
 *   <li><b>Everything about photos, faces, models and the backend</b> is a
 *       {@link dev.fawkes.FawkesException}: {@link dev.fawkes.ImageException} for a photo that
 *       cannot be read or used, {@link dev.fawkes.NoFaceException} where a face is needed and none
 *       is found, {@link dev.fawkes.ModelException} for a model that cannot be loaded,
 *       {@link dev.fawkes.BackendException} for a backend that is missing, fails, or was closed
 *       during a call, and {@link dev.fawkes.CloakInterruptedException} for a call whose thread
 *       was interrupted. These depend on the input and the machine; an application catches them.
 * </ul>
 */
package dev.fawkes;
