package dev.fawkes.tf.model.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fawkes.ModelException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;

class GraphImporterTest {
  private static final AttrValue FLOAT = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();

  private static GraphDef graph(String op) {
    return GraphDef.newBuilder()
        .addNode(NodeDef.newBuilder().setName("in").setOp("Placeholder").putAttr("dtype", FLOAT))
        .addNode(NodeDef.newBuilder().setName("a").setOp(op).addInput("in").putAttr("T", FLOAT))
        .addNode(NodeDef.newBuilder().setName("b").setOp("AddN").addInput("a").addInput("in").addInput("a:0")
            .putAttr("T", FLOAT).putAttr("N", AttrValue.newBuilder().setI(3).build()))
        .build();
  }

  @Test
  void replacesThePlaceholderAndGroupsListInputsByTheOpDefinition() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var x = tf.constant(new float[] {-1f, 2f});
      List<Output<?>> out = GraphImporter.importInto(g, "m", "toy", graph("Relu"), Map.of("in", x), List.of("b"));
      try (TFloat32 result = (TFloat32) s.runner().fetch(out.get(0)).run().get(0)) {
        // relu(x) + x + relu(x)
        assertThat(result.getFloat(0)).isEqualTo(-1f);
        assertThat(result.getFloat(1)).isEqualTo(6f);
      }
      assertThat(g.operation("m/a")).isNotNull();
    }
  }

  @Test
  void anOpTensorFlowLacksIsAClearErrorNamingOpNodeAndModel() {
    try (Graph g = new Graph()) {
      var x = Ops.create(g).constant(new float[] {1f});
      assertThatThrownBy(() -> GraphImporter.importInto(g, "m", "toy-model", graph("FancyActivation"),
              Map.of("in", x), List.of("b")))
          .isInstanceOf(ModelException.class)
          .hasMessageContaining("toy-model")
          .hasMessageContaining("'a'")
          .hasMessageContaining("FancyActivation");
    }
  }

  @Test
  void anUnconnectedPlaceholderOrMissingOutputIsAClearError() {
    try (Graph g = new Graph()) {
      assertThatThrownBy(() -> GraphImporter.importInto(g, "m", "toy", graph("Relu"), Map.of(), List.of("b")))
          .isInstanceOf(ModelException.class)
          .hasMessageContaining("placeholder 'in'");
      var x = Ops.create(g).constant(new float[] {1f});
      assertThatThrownBy(() -> GraphImporter.importInto(g, "m", "toy", graph("Relu"), Map.of("in", x), List.of("zz")))
          .isInstanceOf(ModelException.class)
          .hasMessageContaining("no output node 'zz'");
    }
  }
}
