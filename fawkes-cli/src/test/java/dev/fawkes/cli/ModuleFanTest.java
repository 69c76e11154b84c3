package dev.fawkes.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The shipped command stands on the API and the backend only: the measurement lab (fawkes-bench)
 * and JMH build on it and must never reach its classpath. The test classpath holds the runtime
 * one, so what is absent here is absent for users too.
 */
class ModuleFanTest {
  @Test
  void neitherTheLabNorJmhIsOnTheClasspath() {
    for (String name : new String[] {"dev.fawkes.bench.Lab", "dev.fawkes.bench.eval.ProtectionEvaluation",
        "org.openjdk.jmh.runner.Runner", "org.openjdk.jmh.annotations.Benchmark"}) {
      assertThatThrownBy(() -> Class.forName(name, false, ModuleFanTest.class.getClassLoader()))
          .as("%s must not be loadable by the CLI", name).isInstanceOf(ClassNotFoundException.class);
    }
  }
}
