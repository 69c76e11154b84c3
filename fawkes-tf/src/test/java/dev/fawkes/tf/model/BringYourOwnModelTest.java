package dev.fawkes.tf.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fawkes.ModelException;
import dev.fawkes.tf.model.internal.ModelGraph;
import dev.fawkes.tf.testing.Faces;
import dev.fawkes.tf.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * A user's own model, as a frozen GraphDef or a SavedModel, works like a bundled one. The files are
 * made here from the real mobileface weights, so the embeddings can be compared with the bundled
 * model's.
 */
class BringYourOwnModelTest {
  private static final FaceModel MOBILEFACE = ModelZoo.load("mobileface");

  @TempDir
  Path dir;

  @Test
  void frozenGraphGivesTheBundledEmbeddings() throws Exception {
    Path file = dir.resolve("mine.pb");
    Files.write(file, ModelGraph.of(MOBILEFACE).graphDef().toByteArray());
    FaceModel mine = FaceModel.fromFrozenGraph(file, spec("data", "batchnorm0/add_1"));
    assertSameEmbeddings(mine, MOBILEFACE);
  }

  @Test
  void savedModelWithVariablesGivesTheBundledEmbeddings() throws Exception {
    Path savedModel = dir.resolve("saved");
    exportWithVariables(ModelGraph.of(MOBILEFACE).graphDef(), savedModel);
    // Named by signature keys, as a SavedModel's user knows them.
    FaceModel mine = FaceModel.fromSavedModel(savedModel, spec("images", "embedding"));
    assertThat(ModelGraph.of(mine).graphDef().getNodeList()).extracting(NodeDef::getOp).doesNotContain("VariableV2");
    assertSameEmbeddings(mine, MOBILEFACE);
  }

  @Test
  void missingNodesAndBadFilesAreRefusedBeforeAnyPhotoIsTouched() throws Exception {
    Path file = dir.resolve("mine.pb");
    Files.write(file, ModelGraph.of(MOBILEFACE).graphDef().toByteArray());
    assertThatThrownBy(() -> FaceModel.fromFrozenGraph(file, spec("input", "batchnorm0/add_1")))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("no input node 'input'")
        .hasMessageContaining("[data]");
    assertThatThrownBy(() -> FaceModel.fromFrozenGraph(file, spec("data", "logits")))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("no output node 'logits'");
    Path garbage = dir.resolve("garbage.pb");
    Files.writeString(garbage, "this is not a graph");
    assertThatThrownBy(() -> FaceModel.fromFrozenGraph(garbage, spec("data", "batchnorm0/add_1")))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("garbage.pb");
    assertThatThrownBy(() -> FaceModel.fromSavedModel(dir, spec("images", "embedding")))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("not a SavedModel");
  }

  private static ExtractorSpec spec(String input, String output) {
    return new ExtractorSpec("my-mobileface", "mine", 112, PixelScaling.rgb255(), input, output, ModelZoo.TIGHT);
  }

  private static void assertSameEmbeddings(FaceModel mine, FaceModel bundled) {
    ImageBatch faces = ImageBatch.of(Faces.canonicalCrops(SharedData.lfwUser("Serena_Williams", 2)));
    try (FeatureExtractor a = FeatureExtractor.create(mine); FeatureExtractor b = FeatureExtractor.create(bundled)) {
      float[][] ea = a.embed(faces);
      float[][] eb = b.embed(faces);
      for (int i = 0; i < ea.length; i++) {
        for (int j = 0; j < ea[i].length; j++) {
          assertThat(ea[i][j]).isCloseTo(eb[i][j], within(1e-6f));
        }
      }
    }
  }

  /** Re-creates a frozen graph with its float weights in variables (TF1 style) and exports it. */
  private static void exportWithVariables(GraphDef frozen, Path target) throws Exception {
    GraphDef.Builder graph = GraphDef.newBuilder();
    List<String> assigns = new ArrayList<>();
    for (NodeDef node : frozen.getNodeList()) {
      AttrValue value = node.getAttrMap().get("value");
      if (!node.getOp().equals("Const") || value.getTensor().getDtype() != DataType.DT_FLOAT) {
        graph.addNode(node);
        continue;
      }
      AttrValue type = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
      graph.addNode(node.toBuilder().setName(node.getName() + "/initial_value"));
      graph.addNode(NodeDef.newBuilder().setName(node.getName()).setOp("VariableV2")
          .putAttr("dtype", type)
          .putAttr("shape", AttrValue.newBuilder().setShape(value.getTensor().getTensorShape()).build()));
      graph.addNode(NodeDef.newBuilder().setName(node.getName() + "/assign").setOp("Assign")
          .addInput(node.getName()).addInput(node.getName() + "/initial_value").putAttr("T", type));
      assigns.add(node.getName() + "/assign");
    }
    try (Graph g = new Graph(); Session session = new Session(g)) {
      g.importGraphDef(graph.build());
      Session.Runner init = session.runner();
      assigns.forEach(init::addTarget);
      init.run();
      Signature signature = Signature.builder().key("serving_default")
          .input("images", g.operation("data").output(0))
          .output("embedding", g.operation("batchnorm0/add_1").output(0))
          .build();
      SavedModelBundle.exporter(target.toString()).withSession(session).withSignature(signature).export();
    }
  }
}
