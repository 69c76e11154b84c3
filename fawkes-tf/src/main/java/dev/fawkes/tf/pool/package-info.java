/**
 * Target identities for targeted cloaking: the bundled pool of identity centroids and the choice
 * of a target for a person. The entry point is {@link dev.fawkes.tf.pool.TargetPool}.
 */
package dev.fawkes.tf.pool;
