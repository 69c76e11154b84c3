/**
 * The TensorFlow Java backend of Fawkes. {@link dev.fawkes.tf.TfCloakerProvider} registers it with
 * {@link dev.fawkes.Cloakers}; the packages below hold its capabilities: {@code model} (import),
 * {@code cloak} (loss graph and optimizer), {@code target} (target identities).
 */
package dev.fawkes.tf;
