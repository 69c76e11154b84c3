package dev.fawkes.bench.eval;

/**
 * How a tracker turns embeddings into identities: the three classifiers of the evaluation, each
 * trained on L2-normalised embeddings of the tracker's training photos.
 */
public enum Head {
  /** Nearest class centroid by cosine similarity. */
  CENTROID("centroid"),
  /** Majority vote of the {@value KNearestNeighbours#K} most similar training photos. */
  KNN("knn"),
  /** Multinomial logistic regression (softmax) on the embeddings. */
  LOGISTIC("logistic");

  private final String label;

  Head(String label) {
    this.label = label;
  }

  /** The head's name in reports. */
  public String label() {
    return label;
  }
}
