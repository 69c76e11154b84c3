package dev.fawkes.tf.model;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * What the library needs to know about a face-recognition model to use it as a feature extractor.
 *
 * @param name a unique, stable name, such as {@code "faceres"}; letters, digits, '-' and '_'
 * @param family the architecture lineage; models of one family transfer cloaks to each other, so
 *     an evaluation holds out whole families
 * @param inputSize the square input the model was trained on, in pixels
 * @param scaling how the model wants its pixels
 * @param inputNode the name of the model's input placeholder
 * @param outputNode the tensor holding the embedding ({@code node} or {@code node:index})
 * @param framing the region of the canonical aligned crop the model looks at
 */
public record ExtractorSpec(String name, String family, int inputSize, PixelScaling scaling, String inputNode,
    String outputNode, Framing framing) {
  /**
   * Validates the fields.
   *
   * @param name a unique, stable name; letters, digits, '-' and '_'
   * @param family the architecture lineage
   * @param inputSize the square input the model was trained on, in [16, 1024] pixels
   * @param scaling how the model wants its pixels
   * @param inputNode the name of the model's input placeholder
   * @param outputNode the tensor holding the embedding ({@code node} or {@code node:index})
   * @param framing the region of the canonical aligned crop the model looks at
   * @throws IllegalArgumentException if {@code name} or {@code inputSize} is out of range
   */
  public ExtractorSpec {
    checkNotNull(name, "name");
    checkArgument(name.matches("[A-Za-z0-9_-]+"), "name (%s) must be letters, digits, '-' and '_'", name);
    checkNotNull(family, "family");
    checkArgument(inputSize >= 16 && inputSize <= 1024, "inputSize (%s) must be in [16, 1024]", inputSize);
    checkNotNull(scaling, "scaling");
    checkNotNull(inputNode, "inputNode");
    checkNotNull(outputNode, "outputNode");
    checkNotNull(framing, "framing");
  }

  /**
   * A spec for a model that looks at the whole canonical crop ({@link Framing#FULL}).
   *
   * @param name a unique, stable name; letters, digits, '-' and '_'
   * @param family the architecture lineage
   * @param inputSize the square input the model was trained on, in [16, 1024] pixels
   * @param scaling how the model wants its pixels
   * @param inputNode the name of the model's input placeholder
   * @param outputNode the tensor holding the embedding ({@code node} or {@code node:index})
   * @throws IllegalArgumentException if {@code name} or {@code inputSize} is out of range
   */
  public ExtractorSpec(String name, String family, int inputSize, PixelScaling scaling, String inputNode,
      String outputNode) {
    this(name, family, inputSize, scaling, inputNode, outputNode, Framing.FULL);
  }

  /** This spec with other input and output node names. */
  ExtractorSpec withNodes(String input, String output) {
    return new ExtractorSpec(name, family, inputSize, scaling, input, output, framing);
  }
}
