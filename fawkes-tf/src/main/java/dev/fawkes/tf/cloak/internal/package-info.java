/**
 * Not API: the machinery of {@link dev.fawkes.tf.cloak.TfCloaker}, public only so that the cloak
 * package and the measurement lab (fawkes-bench) can reach it; it changes without notice.
 *
 * <p>The entry point is {@link dev.fawkes.tf.cloak.internal.CloakPipeline}, one call's way from
 * photos to cloaked photos: align once ({@link dev.fawkes.tf.cloak.internal.FaceCrop}), pack faces
 * into a graph's slots ({@link dev.fawkes.tf.cloak.internal.FaceBatch}), optimize with the loss
 * graph ({@link dev.fawkes.tf.cloak.internal.CloakGraph}, built once per crop and batch size), paste
 * the cloaks back ({@link dev.fawkes.tf.cloak.internal.FacePaster}). {@link
 * dev.fawkes.tf.cloak.internal.CloakTuning} holds the transfer knobs the protection evaluation
 * sweeps; the presets use {@link dev.fawkes.tf.cloak.internal.CloakTuning#forPreset}.
 */
package dev.fawkes.tf.cloak.internal;
