/**
 * Performance measurements. The entry point is {@link dev.fawkes.bench.perf.Perf}, the lab's
 * {@code perf} command ({@code mvn -pl fawkes-bench exec:exec@perf}): the machine's peak rate, the
 * JMH benchmarks of this package against their arithmetic floor, and memory over long runs.
 */
package dev.fawkes.bench.perf;
