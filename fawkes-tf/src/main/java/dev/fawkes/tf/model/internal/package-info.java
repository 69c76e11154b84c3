/**
 * Not API: the TensorFlow side of model import, for the backend's own packages. Its types and
 * members may change or disappear in any release without notice; library users need only
 * {@link dev.fawkes.tf.model}.
 *
 * <p>The entry point is {@link dev.fawkes.tf.model.internal.ModelGraph}: every
 * {@link dev.fawkes.tf.model.FaceModel} the library hands out is one, holding the model's
 * {@code GraphDef}, and {@code ModelGraph.of(model)} is the seam through which the cloak, the face
 * detector, the feature extractor and tests add a model to their own graphs. A seam by type rather
 * than a public accessor keeps TensorFlow types out of {@code FaceModel}'s members, and needs no
 * static registry.
 *
 * <p>Besides it live the format converters that turn model files into graphs of differentiable
 * primitive ops: {@code TfjsModelReader} (TF.js {@code model.json} and weight shards),
 * {@code TfliteModelReader} (with {@code FlatTable}, a FlatBuffer reader), {@code OnnxModelReader}
 * (with {@code OnnxProto}, a protobuf reader), {@code OpenVinoModelReader} (OpenVINO IR {@code .xml}
 * and {@code .bin}), {@code SavedModelFreezer}, {@code GraphDefWriter}
 * (for the converters that write graphs), {@code FusedOpRewriter} (fused ops into primitives),
 * {@code Float16}; {@code GraphImporter}, which adds a {@code GraphDef} to an existing graph op by
 * op; {@code ModelResources}, the checksummed model files packaged in the jar; and
 * {@code ImageTensors}, which feeds an {@link dev.fawkes.tf.model.ImageBatch} to a graph.
 */
package dev.fawkes.tf.model.internal;
