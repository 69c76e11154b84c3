package dev.fawkes.tf.model.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fawkes.tf.model.ExtractorSpec;
import dev.fawkes.tf.model.FaceModel;
import dev.fawkes.tf.model.ModelZoo;
import org.junit.jupiter.api.Test;

class ModelGraphTest {
  @Test
  void everyBundledModelIsAModelGraph() {
    FaceModel model = ModelZoo.load("mobileface");
    assertThat(ModelGraph.of(model)).isSameAs(model);
    assertThat(model).hasToString("FaceModel[mobileface, " + ModelGraph.of(model).graphDef().getNodeCount() + " nodes]");
  }

  @Test
  void aFaceModelTheLibraryDidNotLoadIsRefusedByName() {
    ExtractorSpec spec = ModelZoo.recognizers().get(0);
    FaceModel foreign = new FaceModel() {
      @Override
      public ExtractorSpec spec() {
        return spec;
      }

      @Override
      public String toString() {
        return "my-model";
      }
    };
    assertThatThrownBy(() -> ModelGraph.of(foreign))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("my-model")
        .hasMessageContaining("not loaded by the library");
    assertThatThrownBy(() -> ModelGraph.of(null)).isInstanceOf(NullPointerException.class).hasMessage("model");
  }
}
