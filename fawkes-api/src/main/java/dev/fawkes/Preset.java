package dev.fawkes;

/**
 * Protection levels: each sets the perceptual budget, the optimization length and the models used.
 * Higher levels protect better and change the photo more. The values are in {@link CloakConfig}.
 */
public enum Preset {
  /** Least visible change; fastest. */
  LOW,
  /** The balance of protection and visibility. */
  MID,
  /** Strongest protection; the most visible change and the longest run. */
  HIGH
}
