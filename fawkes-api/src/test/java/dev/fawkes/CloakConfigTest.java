package dev.fawkes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloakConfigTest {
  @Test
  void presetsGrowInBudgetAndSteps() {
    CloakConfig low = CloakConfig.preset(Preset.LOW);
    CloakConfig mid = CloakConfig.preset(Preset.MID);
    CloakConfig high = CloakConfig.preset(Preset.HIGH);
    assertThat(low.dssimBudget()).isEqualTo(0.0045);
    assertThat(high.dssimBudget()).isEqualTo(0.018);
    assertThat(low.dssimBudget()).isLessThan(mid.dssimBudget()).isLessThan(high.dssimBudget());
    assertThat(low.maxSteps()).isLessThan(mid.maxSteps()).isLessThan(high.maxSteps());
    assertThat(mid.strategy()).isEqualTo(Strategy.UNTARGETED);
    assertThat(mid.extractors()).isEmpty();
  }

  @Test
  void aPresetsConfigurationCarriesThePresetsValues() {
    for (Preset preset : Preset.values()) {
      CloakConfig config = CloakConfig.preset(preset);
      assertThat(config.dssimBudget()).isEqualTo(preset.dssimBudget());
      assertThat(config.maxSteps()).isEqualTo(preset.maxSteps());
      assertThat(config.learningRate()).isEqualTo(preset.learningRate());
      assertThat(preset.extractors()).isNotEmpty().doesNotHaveDuplicates();
      assertThat(preset.dssimBudget()).isLessThan(preset.maxWorstRegionDssim());
    }
    assertThat(Preset.MID.maxSteps()).isEqualTo(50);
    assertThat(Preset.HIGH.learningRate()).isEqualTo(0.04);
    assertThat(Preset.LOW.extractors()).containsExactly("mobilefacenet-tflite", "mobileface");
  }

  @Test
  void buildingTouchesNoFile() {
    // The target pool is read when a cloaker is created; a configuration is a plain value.
    Path absent = Path.of("no/such/folder");
    CloakConfig config = CloakConfig.builder(Preset.LOW).targetPool(absent).build();
    assertThat(config.targetPool()).isEqualTo(absent);
  }

  @Test
  void overridesAndToBuilderRoundTrip(@TempDir Path pool) {
    CloakConfig config = CloakConfig.builder(Preset.HIGH).dssimBudget(0.01).maxSteps(42).learningRate(0.05)
        .batchSize(3).strategy(Strategy.UNTARGETED).extractors("a", "b").seed(9).threads(2).targetPool(pool).build();
    assertThat(config.toBuilder().build()).isEqualTo(config).hasSameHashCodeAs(config);
    assertThat(config.toString()).contains("maxSteps=42", "extractors=[a, b]", "UNTARGETED");
    assertThat(config.toBuilder().seed(10).build()).isNotEqualTo(config);
  }

  @Test
  void invalidValuesNameTheFieldAndTheRange() {
    assertThatThrownBy(() -> CloakConfig.builder(Preset.LOW).dssimBudget(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("dssimBudget (0.0) must be in (0, 0.5]");
    assertThatThrownBy(() -> CloakConfig.builder(Preset.LOW).maxSteps(0).build())
        .hasMessage("maxSteps (0) must be in [1, 10000]");
    assertThatThrownBy(() -> CloakConfig.builder(Preset.LOW).learningRate(-1).build())
        .hasMessage("learningRate (-1.0) must be in (0, 1]");
    assertThatThrownBy(() -> CloakConfig.builder(Preset.LOW).batchSize(1000).build())
        .hasMessage("batchSize (1000) must be in [1, 256]");
    assertThatThrownBy(() -> CloakConfig.builder(Preset.LOW).threads(-2).build())
        .hasMessage("threads (-2) must be in [0, 1024]");
    assertThatThrownBy(() -> CloakConfig.builder(Preset.LOW).extractors("a", "a").build())
        .hasMessageContaining("must not repeat");
    assertThatThrownBy(() -> CloakConfig.builder(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void targetIdentityParsesItsOwnForm() {
    TargetIdentity target = new TargetIdentity("lfw-targets", "t042");
    assertThat(TargetIdentity.parse(target.toString())).isEqualTo(target);
    assertThatThrownBy(() -> TargetIdentity.parse("no-colon")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TargetIdentity("a b", "c")).isInstanceOf(IllegalArgumentException.class);
  }
}
