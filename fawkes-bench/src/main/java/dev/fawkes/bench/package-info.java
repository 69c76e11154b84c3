/**
 * The measurement lab: measurements of Fawkes on the shared LFW data. The entry point is
 * {@link dev.fawkes.bench.Lab}, whose subcommands are the measurements: recognition accuracy
 * ({@link dev.fawkes.bench.RecognitionAccuracy}), the bundled target pool, the alignment template,
 * the cloak figure, and those of the sub-packages {@code eval} (the protection evaluation) and
 * {@code perf} (JMH benchmarks). This package also holds what they share: LFW splits, fixed face
 * crops, the nearest-centroid classifier and the evaluation-only trackers.
 */
package dev.fawkes.bench;
