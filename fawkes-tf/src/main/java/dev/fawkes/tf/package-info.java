/**
 * The TensorFlow Java backend of Fawkes. The entry point is {@link dev.fawkes.tf.TfCloakerProvider},
 * which registers it with {@link dev.fawkes.Cloakers}; the packages below hold its capabilities:
 * {@code model} (model import), {@code face} (detection and alignment), {@code cloak} (loss graph
 * and optimizer), {@code pool} (target identities).
 */
package dev.fawkes.tf;
