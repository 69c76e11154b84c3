/**
 * The cloak: the loss graph (feature term over an ensemble under a DSSIM budget), the optimizer,
 * and putting cloaked faces back into photos. The entry point is
 * {@link dev.fawkes.tf.cloak.TfCloaker}.
 */
package dev.fawkes.tf.cloak;
