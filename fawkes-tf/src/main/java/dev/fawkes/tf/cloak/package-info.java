/**
 * The cloak, as the library's users meet it. The entry point is
 * {@link dev.fawkes.tf.cloak.TfCloaker}, the TensorFlow {@link dev.fawkes.Cloaker} (reached through
 * {@link dev.fawkes.Cloakers}). The machinery behind it (the loss graph, the optimizer, slot
 * packing, pasting back) is in {@link dev.fawkes.tf.cloak.internal}.
 */
package dev.fawkes.tf.cloak;
