package dev.fawkes.tf.cloak.internal;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Up to a graph's batch of faces of one crop size, packed into its slots: the one place that lays
 * faces out for {@link CloakGraph}. Slots past the last face repeat it; faces never interact in the
 * graph, so the padding changes nothing. The start points and the framing jitter come from the
 * seed and each face's pixels ({@link FaceCrop#random}). Not thread-safe (the jitter streams
 * advance).
 */
public final class FaceBatch {
  private final List<FaceCrop> faces;
  private final int slots;
  private final int size;
  private final long seed;
  private final double jitter;
  private final double startNoise;
  private final float[] framing;
  /** Drawn on the first step: a batch that only reads embeddings never hashes its faces for them. */
  private Random[] jitterStreams;

  private FaceBatch(List<FaceCrop> faces, int slots, long seed, CloakTuning tuning) {
    this.faces = List.copyOf(faces);
    this.slots = slots;
    this.size = faces.get(0).size();
    this.seed = seed;
    this.jitter = tuning.framingJitter();
    this.startNoise = tuning.startNoise();
    this.framing = pack(4, FaceCrop::framing);
  }

  /**
   * Packs {@code faces} (1 to {@code slots}, all of one crop size) for a graph of {@code slots}.
   *
   * @param seed the cloak's seed: start offsets and jitter streams derive from it
   * @param tuning the framing jitter and the start offset
   */
  public static FaceBatch of(List<FaceCrop> faces, int slots, long seed, CloakTuning tuning) {
    checkArgument(!faces.isEmpty() && faces.size() <= slots, "1 to %s faces, not %s", slots, faces.size());
    int size = faces.get(0).size();
    checkArgument(faces.stream().allMatch(f -> f.size() == size), "the faces of a batch must share one crop size");
    return new FaceBatch(faces, slots, seed, tuning);
  }

  /** The faces, in slot order. */
  public List<FaceCrop> faces() {
    return faces;
  }

  /** The graph's batch size: faces plus padding. */
  public int slots() {
    return slots;
  }

  /** The crop side, in pixels. */
  public int size() {
    return size;
  }

  /** The face in {@code slot}: the last face for a padding slot. */
  public FaceCrop face(int slot) {
    return faces.get(Math.min(slot, faces.size() - 1));
  }

  /** The original crops, [slots,S,S,3] flattened. */
  float[] originals() {
    return pack(size * size * 3, FaceCrop::pixels);
  }

  /** The optimizer's start points, [slots,S,S,3] flattened. */
  float[] starts() {
    return pack(size * size * 3, face -> face.start(seed, startNoise));
  }

  /** Per slot, 1 for a gray face (cloaked in gray), else 0. */
  float[] gray() {
    return pack(1, face -> new float[] {face.gray() ? 1f : 0f});
  }

  /** Each slot's canonical framing, [slots,4]. */
  float[] framing() {
    return framing.clone();
  }

  /** Each slot's framing moved by the next draw of its jitter stream, for one step. */
  public float[] jitteredFraming() {
    if (jitterStreams == null) {
      jitterStreams = new Random[slots];
      for (int slot = 0; slot < slots; slot++) {
        jitterStreams[slot] = face(slot).random(seed + 1);
      }
    }
    float[] out = new float[framing.length];
    for (int slot = 0; slot < slots; slot++) {
      Random random = jitterStreams[slot];
      int i = 4 * slot;
      float h = framing[i + 2] - framing[i];
      float w = framing[i + 3] - framing[i + 1];
      float scale = 1 + (float) ((random.nextDouble() * 2 - 1) * jitter);
      float dy = (float) ((random.nextDouble() * 2 - 1) * jitter) * h;
      float dx = (float) ((random.nextDouble() * 2 - 1) * jitter) * w;
      float cy = (framing[i] + framing[i + 2]) / 2 + dy;
      float cx = (framing[i + 1] + framing[i + 3]) / 2 + dx;
      out[i] = cy - h * scale / 2;
      out[i + 1] = cx - w * scale / 2;
      out[i + 2] = cy + h * scale / 2;
      out[i + 3] = cx + w * scale / 2;
    }
    return out;
  }

  /** Per slot, the row {@code row} gives for its face, each {@code width} long, one after another. */
  public float[] pack(int width, Function<FaceCrop, float[]> row) {
    float[] out = new float[slots * width];
    for (int slot = 0; slot < slots; slot++) {
      float[] values = row.apply(face(slot));
      checkArgument(values.length == width, "a row of %s values, not %s", width, values.length);
      System.arraycopy(values, 0, out, slot * width, width);
    }
    return out;
  }
}
