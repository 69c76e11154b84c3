package dev.fawkes.bench.perf;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * How TensorFlow compiles the cloak's graph. The cloaker uses {@link #DEFAULT}; the others are
 * there to be measured (docs/performance.md has the numbers that decided it).
 */
public enum Compilation {
  /** TensorFlow's graph optimizations, float32 throughout. */
  DEFAULT,
  /**
   * XLA just-in-time compilation of the graph. On a CPU it also needs the environment variable
   * {@code TF_XLA_FLAGS=--tf_xla_cpu_global_jit}.
   */
  XLA_JIT,
  /** oneDNN's automatic mixed precision: convolutions and products in bfloat16 where the CPU has it. */
  MIXED_BFLOAT16,
  /**
   * TensorFlow's graph optimizations, with independent ops run one at a time (one inter-op
   * thread), each on every core: fewer threads contending for two cores among many small ops.
   */
  SERIAL_OPS;

  /** Sets this compilation on a session configuration. */
  void applyTo(ConfigProto.Builder config) {
    switch (this) {
      case XLA_JIT -> config.getGraphOptionsBuilder().getOptimizerOptionsBuilder()
          .setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1);
      case MIXED_BFLOAT16 -> config.getGraphOptionsBuilder().getRewriteOptionsBuilder()
          .setAutoMixedPrecisionMkl(RewriterConfig.Toggle.ON);
      case SERIAL_OPS -> config.setInterOpParallelismThreads(1)
          .setIntraOpParallelismThreads(Runtime.getRuntime().availableProcessors());
      default -> { }
    }
  }
}
