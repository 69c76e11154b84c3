package dev.fawkes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fawkes.tf.pool.TargetPool;
import dev.fawkes.tf.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The committed target pool is exactly what the tool computes from lfw/targets (about a minute). */
@Tag("slow")
class TargetPoolBuilderTest {
  @Test
  void rebuildingTheBundledPoolGivesTheCommittedBytes() throws Exception {
    ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
    TargetPoolBuilder.build(SharedData.resolve("lfw/targets")).write(rebuilt);
    try (InputStream committed = TargetPool.class.getResourceAsStream(TargetPool.BUNDLED_NAME + ".bin")) {
      assertThat(rebuilt.toByteArray()).isEqualTo(committed.readAllBytes());
    }
  }
}
