/**
 * Cloaks a photo archive on Apache Beam (Spark, Flink, Dataflow): {@link dev.fawkes.beam.CloakPipeline}
 * is the entry point, {@link dev.fawkes.beam.CloakPhotos} the transform.
 */
package dev.fawkes.beam;
