package dev.fawkes.bench.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fawkes.CloakConfig;
import dev.fawkes.Preset;
import dev.fawkes.Strategy;
import dev.fawkes.tf.cloak.internal.CloakTuning;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloakSpecTest {
  @Test
  void aBarePresetIsThePresetWithItsTuningAndEnsemble() {
    CloakSpec spec = CloakSpec.parse("mid");
    assertThat(spec.label()).isEqualTo("MID");
    assertThat(spec.config()).isEqualTo(CloakConfig.preset(Preset.MID));
    assertThat(spec.tuning()).isEqualTo(CloakTuning.forPreset(Preset.MID));
    assertThat(spec.extractors()).isEqualTo(Preset.MID.extractors());
  }

  @Test
  void keysChangeOneThingEach() {
    CloakSpec spec = CloakSpec.parse("LOW:extractors=faceres+mobileface,strategy=untargeted,budget=0.01,steps=7,lr=0.02,"
        + "jitter=0.05,smooth=1.5,blur=1,norm=1,luma=8,chroma=2,mask=1,start=0.5,worst=0,cell=2,label=x");
    assertThat(spec.label()).isEqualTo("x");
    assertThat(spec.extractors()).containsExactly("faceres", "mobileface");
    assertThat(spec.config().strategy()).isEqualTo(Strategy.UNTARGETED);
    assertThat(spec.config().dssimBudget()).isEqualTo(0.01);
    assertThat(spec.config().maxSteps()).isEqualTo(7);
    assertThat(spec.config().learningRate()).isEqualTo(0.02);
    assertThat(spec.tuning()).isEqualTo(CloakTuning.forPreset(Preset.LOW).toBuilder().framingJitter(0.05).gradientSigma(1.5)
        .normalizePerModel(true).caps(8, 2).textureMasking(true).startNoise(0.5).worstRegion(false).cell(2).build());
    assertThat(spec.without("faceres").extractors()).isEqualTo(List.of("mobileface"));
    assertThat(spec.without("faceres").label()).isEqualTo("x without faceres");
  }

  @Test
  void badSpecsSayWhatIsWrong() {
    assertThatThrownBy(() -> CloakSpec.parse("EXTREME")).hasMessageContaining("LOW, MID or HIGH");
    assertThatThrownBy(() -> CloakSpec.parse("LOW:steps")).hasMessageContaining("not key=value");
    assertThatThrownBy(() -> CloakSpec.parse("LOW:colour=red")).hasMessageContaining("unknown key 'colour'");
    assertThatThrownBy(() -> CloakSpec.parse("LOW:blur=yes")).hasMessageContaining("flag must be 0 or 1");
    assertThatThrownBy(() -> CloakSpec.parse("LOW:jitter=0.5")).hasMessageContaining("framingJitter");
    assertThatThrownBy(() -> CloakSpec.parse("LOW:cell=0.5")).hasMessageContaining("cloak spec").hasMessageContaining("cell");
    assertThatThrownBy(() -> CloakSpec.parse("LOW:extractors=mobileface").without("mobileface"))
        .hasMessageContaining("cannot hold mobileface out");
  }
}
