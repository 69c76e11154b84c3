package dev.fawkes.beam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** The person key and the options' checks, without a cloaker. */
class PersonKeyTest {
  @Test
  void theDefaultKeyIsTheParentFolder() {
    assertThat(PersonKey.parse("parent").of("gs://bucket/archive/alice/IMG_1.jpg")).isEqualTo("alice");
    assertThatThrownBy(() -> PersonKey.parse("parent").of("IMG_1.jpg")).hasMessageContaining("no person");
  }

  @Test
  void aRegexKeyTakesItsFirstGroupAndRefusesWhatIsNoFolderName() {
    PersonKey key = PersonKey.parse("regex:/users/(\\d+)_");
    assertThat(key.of("/data/users/42_2019.jpg")).isEqualTo("42");
    assertThatThrownBy(() -> key.of("/data/other/x.jpg")).hasMessageContaining("does not match");
    assertThatThrownBy(() -> PersonKey.parse("regex:(.*)").of("../x.jpg")).hasMessageContaining("no folder name");
    assertThatThrownBy(() -> PersonKey.parse("regex:abc")).hasMessageContaining("no group");
    assertThatThrownBy(() -> PersonKey.parse("grandparent")).hasMessageContaining("'parent' or 'regex:");
  }

  @Test
  void badOptionsNameTheOption() {
    PipelineOptionsFactory.register(CloakPipelineOptions.class);
    CloakPipelineOptions options = PipelineOptionsFactory.fromArgs("--input=x", "--output=y", "--mode=extreme")
        .withValidation().as(CloakPipelineOptions.class);
    assertThatThrownBy(() -> CloakPipeline.create(options)).hasMessageContaining("--mode");
    assertThatThrownBy(() -> PipelineOptionsFactory.fromArgs("--output=y").withValidation()
        .as(CloakPipelineOptions.class)).hasMessageContaining("--input");
  }
}
