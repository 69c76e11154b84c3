package dev.fawkes;

import static java.util.Objects.requireNonNull;

/**
 * The identity a person's cloaks push toward. An application stores it with the person (its
 * {@link #toString()} form parses back with {@link #parse}) and passes it on every later call, so
 * that all the person's photos, across calls and months, push one consistent way.
 *
 * @param pool the target pool the identity belongs to, such as {@code lfw-targets}
 * @param id the identity within the pool
 */
public record TargetIdentity(String pool, String id) {
  /**
   * Validates the fields: non-empty, without ':' or whitespace.
   *
   * @param pool the target pool
   * @param id the identity within the pool
   */
  public TargetIdentity {
    requireNonNull(pool, "pool");
    requireNonNull(id, "id");
    if (!pool.matches("[^:\\s]+") || !id.matches("[^:\\s]+")) {
      throw new IllegalArgumentException(
          "pool and id must be non-empty and contain no ':' or whitespace: '" + pool + "', '" + id + "'");
    }
  }

  /**
   * Parses the {@code pool:id} form of {@link #toString()}.
   *
   * @param text the stored form
   * @return the identity
   * @throws IllegalArgumentException if the text is not of that form
   */
  public static TargetIdentity parse(String text) {
    requireNonNull(text, "text");
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("target identity '" + text + "' is not of the form pool:id");
    }
    return new TargetIdentity(text.substring(0, colon), text.substring(colon + 1).trim());
  }

  /** {@return {@code pool:id}} */
  @Override
  public String toString() {
    return pool + ":" + id;
  }
}
