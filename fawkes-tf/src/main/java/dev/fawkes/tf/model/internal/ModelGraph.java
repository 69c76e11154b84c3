package dev.fawkes.tf.model.internal;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.fawkes.ModelException;
import dev.fawkes.tf.model.ExtractorSpec;
import dev.fawkes.tf.model.FaceModel;
import dev.fawkes.tf.model.Framing;
import dev.fawkes.tf.model.PixelScaling;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The TensorFlow side of a {@link FaceModel}: its graph of differentiable primitive ops (fused ops
 * rewritten) and the code that adds it to any graph. Every {@code FaceModel} the library hands out
 * is one; the backend's own packages reach it with {@link #of(FaceModel)}. Holds no native memory;
 * immutable and thread-safe.
 *
 * <p>{@link #embeddings} adds the model to a graph, fed with RGB images in 0..1 of any size, and
 * returns L2-normalised embeddings. Every step, resizing to the model's input included, is a graph
 * op with a gradient, so a loss on the embeddings can be differentiated with respect to the images.
 */
public final class ModelGraph implements FaceModel {
  private final ExtractorSpec spec;
  private final GraphDef graph;

  private ModelGraph(ExtractorSpec spec, GraphDef graph) {
    this.spec = spec;
    this.graph = graph;
  }

  /**
   * The graph of a model the library loaded.
   *
   * @throws IllegalArgumentException if {@code model} is another implementation of {@code FaceModel}
   */
  public static ModelGraph of(FaceModel model) {
    checkNotNull(model, "model");
    checkArgument(model instanceof ModelGraph,
        "model (%s) was not loaded by the library; get models from ModelZoo or FaceModel's factories", model);
    return (ModelGraph) model;
  }

  /**
   * Wraps a graph that contains only primitive ops, checks that the named nodes exist, and builds it
   * once in a scratch graph, so that a broken model fails here rather than on the first photo.
   *
   * @throws ModelException if a named node is missing or the model cannot be built
   */
  public static ModelGraph load(ExtractorSpec spec, GraphDef graph) {
    checkNotNull(spec, "spec");
    checkNotNull(graph, "graph");
    boolean hasInput = false;
    boolean hasOutput = false;
    String outputNode = spec.outputNode().replaceFirst(":\\d+$", "");
    for (var node : graph.getNodeList()) {
      hasInput |= node.getName().equals(spec.inputNode());
      hasOutput |= node.getName().equals(outputNode);
    }
    if (!hasInput || !hasOutput) {
      throw new ModelException("Model '" + spec.name() + "' has no " + (hasInput ? "output" : "input")
          + " node '" + (hasInput ? outputNode : spec.inputNode()) + "'; its placeholders are "
          + GraphImporter.placeholders(graph));
    }
    ModelGraph model = new ModelGraph(spec, graph);
    model.validate();
    return model;
  }

  @Override
  public ExtractorSpec spec() {
    return spec;
  }

  /** The model's graph, fused ops rewritten. */
  public GraphDef graphDef() {
    return graph;
  }

  /**
   * Adds the model to {@code tf}'s graph, for images that are canonical crops.
   *
   * @param rgb01 a batch of RGB images in 0..1, shape [N, H, W, 3]; the model's framing is cut out
   *     and resized to its input size with bilinear interpolation
   * @return the L2-normalised embeddings, shape [N, D]
   */
  public Operand<TFloat32> embeddings(Ops tf, Operand<TFloat32> rgb01) {
    return embeddings(tf, rgb01, null);
  }

  /**
   * Adds the model to {@code tf}'s graph, for images in which the canonical framing lies at a
   * given place per image.
   *
   * @param rgb01 a batch of RGB images in 0..1, shape [N, H, W, 3]
   * @param canonical per image, where the canonical framing lies, as fractions of the image's
   *     sides [top, left, bottom, right], shape [N, 4]; null for the whole image
   * @return the L2-normalised embeddings, shape [N, D]
   * @throws ModelException if the model's output is not float32 or its feature size is unknown
   */
  public Operand<TFloat32> embeddings(Ops tf, Operand<TFloat32> rgb01, Operand<TFloat32> canonical) {
    String prefix = tf.scope().makeUnique(spec.name());
    Ops pre = tf.withSubScope(prefix + "_input");
    Operand<TFloat32> x = canonical == null ? frame(pre, rgb01) : frame(pre, rgb01, canonical);
    x = scale(pre, x);
    List<Output<?>> outputs = GraphImporter.importInto((Graph) tf.scope().env(), prefix, spec.name(), graph,
        Map.of(spec.inputNode(), x), List.of(spec.outputNode()));
    Output<?> raw = outputs.get(0);
    if (raw.type() != TFloat32.class) {
      throw new ModelException("Model '" + spec.name() + "': output '" + spec.outputNode() + "' is "
          + raw.dataType() + ", not float32");
    }
    Operand<TFloat32> embedding = raw.expect(TFloat32.class);
    Ops post = tf.withSubScope(prefix + "_embedding");
    Shape out = embedding.shape();
    if (out.numDimensions() != 2) {
      long features = 1;
      for (int i = 1; i < out.numDimensions(); i++) {
        features *= out.get(i);
      }
      if (features <= 0) {
        throw new ModelException("Model '" + spec.name() + "': output '" + spec.outputNode()
            + "' has shape " + out + "; its feature dimensions must be known");
      }
      embedding = post.reshape(embedding, post.constant(new long[] {-1, features}));
    }
    Operand<TFloat32> squaredNorm = post.reduceSum(post.math.square(embedding), post.constant(1),
        ReduceSum.keepDims(true));
    return post.math.mul(embedding, post.math.rsqrt(post.math.maximum(squaredNorm, post.constant(1e-12f))));
  }

  /** Applies the spec's {@link PixelScaling} to RGB values in 0..1, in the graph so that gradients flow. */
  private Operand<TFloat32> scale(Ops tf, Operand<TFloat32> rgb01) {
    PixelScaling scaling = spec.scaling();
    Operand<TFloat32> x = tf.math.mul(rgb01, tf.constant(255f / scaling.std()));
    if (scaling.mean() != 0f) {
      x = tf.math.sub(x, tf.constant(scaling.mean() / scaling.std()));
    }
    if (scaling.order() == PixelScaling.ChannelOrder.BGR) {
      Operand<TInt32> channelAxis = tf.constant(new int[] {3});
      x = tf.reverse(x, channelAxis);
    }
    return x;
  }

  /** Cuts the model's framing out of whole canonical crops and resizes it to the model's input. */
  private Operand<TFloat32> frame(Ops tf, Operand<TFloat32> rgb01) {
    int size = spec.inputSize();
    Shape shape = rgb01.shape();
    Framing f = spec.framing();
    if (f.x() == 0 && f.y() == 0 && f.size() == 1) {
      if (shape.numDimensions() == 4 && shape.get(1) == size && shape.get(2) == size) {
        return rgb01;
      }
      return tf.image.resizeBilinear(rgb01, tf.constant(new int[] {size, size}), ResizeBilinear.halfPixelCenters(true));
    }
    Operand<TInt32> batch = tf.gather(tf.shape(rgb01), tf.constant(0), tf.constant(0));
    Operand<TFloat32> whole = tf.tile(tf.constant(new float[][] {{0, 0, 1, 1}}), tf.stack(List.of(batch, tf.constant(1))));
    return frame(tf, rgb01, whole);
  }

  /**
   * Cuts the model's framing, placed within each image's canonical box, out of the images.
   * CropAndResize samples at y1*(H-1) + i*(y2-y1)*(H-1)/(n-1): the first and last samples are put
   * at the centres of the first and last of n equal cells of the region, as a half-pixel resize does.
   */
  private Operand<TFloat32> frame(Ops tf, Operand<TFloat32> rgb01, Operand<TFloat32> canonical) {
    int n = spec.inputSize();
    Framing f = spec.framing();
    Operand<TInt32> dims = tf.shape(rgb01);
    Operand<TFloat32> h = tf.dtypes.cast(tf.gather(dims, tf.constant(1), tf.constant(0)), TFloat32.class);
    Operand<TFloat32> w = tf.dtypes.cast(tf.gather(dims, tf.constant(2), tf.constant(0)), TFloat32.class);
    List<Operand<TFloat32>> c = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      c.add(tf.reshape(tf.gather(canonical, tf.constant(new int[] {i}), tf.constant(1)), tf.constant(new int[] {-1})));
    }
    // The model's region, as fractions of the image: start + framing offset, size scaled.
    Operand<TFloat32> boxH = tf.math.sub(c.get(2), c.get(0));
    Operand<TFloat32> boxW = tf.math.sub(c.get(3), c.get(1));
    Operand<TFloat32> top = tf.math.add(c.get(0), tf.math.mul(tf.constant((float) f.y()), boxH));
    Operand<TFloat32> left = tf.math.add(c.get(1), tf.math.mul(tf.constant((float) f.x()), boxW));
    Operand<TFloat32> sideH = tf.math.mul(tf.constant((float) f.size()), boxH);
    Operand<TFloat32> sideW = tf.math.mul(tf.constant((float) f.size()), boxW);
    Operand<TFloat32> y1 = sample(tf, h, top, sideH, 0.5 / n);
    Operand<TFloat32> y2 = sample(tf, h, top, sideH, (n - 0.5) / n);
    Operand<TFloat32> x1 = sample(tf, w, left, sideW, 0.5 / n);
    Operand<TFloat32> x2 = sample(tf, w, left, sideW, (n - 0.5) / n);
    Operand<TFloat32> boxes = tf.stack(List.of(y1, x1, y2, x2), Stack.axis(1L));
    Operand<TInt32> batch = tf.gather(dims, tf.constant(0), tf.constant(0));
    Operand<TInt32> index = tf.range(tf.constant(0), batch, tf.constant(1));
    return tf.image.cropAndResize(rgb01, boxes, index, tf.constant(new int[] {n, n}));
  }

  /** CropAndResize's normalised coordinate of the point {@code cell} of the way along a region. */
  private static Operand<TFloat32> sample(Ops tf, Operand<TFloat32> extent, Operand<TFloat32> start,
      Operand<TFloat32> size, double cell) {
    // ((start + size * cell) * extent - 0.5) / (extent - 1)
    Operand<TFloat32> position = tf.math.sub(tf.math.mul(
        tf.math.add(start, tf.math.mul(size, tf.constant((float) cell))), extent), tf.constant(0.5f));
    return tf.math.div(position, tf.math.sub(extent, tf.constant(1f)));
  }

  /** Builds the model once in a scratch graph, so that a broken model fails at load, not later. */
  private void validate() {
    try (Graph scratch = new Graph()) {
      Ops tf = Ops.create(scratch);
      embeddings(tf, tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, spec.inputSize(), spec.inputSize(), 3))));
    }
  }

  @Override
  public String toString() {
    return "FaceModel[" + spec.name() + ", " + graph.getNodeCount() + " nodes]";
  }
}
