/**
 * The engine-neutral public API of Fawkes for Java: image cloaking against unauthorized face
 * recognition. This package has no TensorFlow types; the backend ({@code fawkes-tf}) implements it.
 *
 * <p>All exceptions derive from the unchecked {@link dev.fawkes.FawkesException}.
 */
package dev.fawkes;
