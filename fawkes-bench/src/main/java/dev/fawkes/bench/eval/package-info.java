/**
 * The protection evaluation of the Fawkes paper on LFW. The entry point is
 * {@link dev.fawkes.bench.eval.ProtectionEvaluation}, run with {@link dev.fawkes.bench.eval.EvalOptions}
 * and giving an {@link dev.fawkes.bench.eval.EvalReport}; the lab's {@code eval} command
 * ({@link dev.fawkes.bench.eval.EvalCommand}, also {@code bin/fawkes eval}) runs it from the command
 * line. The rest are its parts: trackers and their heads, the cloak specs, degradations, plot and strip.
 */
package dev.fawkes.bench.eval;
