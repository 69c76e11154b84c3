package dev.fawkes.bench.eval;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fawkes.CloakConfig;
import dev.fawkes.Preset;
import dev.fawkes.Strategy;
import dev.fawkes.tf.cloak.internal.CloakTuning;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One way of cloaking that the evaluation measures: a preset, optionally changed. Written as
 * {@code PRESET[:key=value,...]}, for example {@code MID} or
 * {@code HIGH:extractors=faceres+mobileface,steps=150,jitter=0.05,smooth=1,blur=1,norm=1}.
 * Keys: {@code extractors} (names joined by +), {@code strategy} (targeted|untargeted),
 * {@code budget} (DSSIM), {@code steps}, {@code lr}, {@code jitter}, {@code smooth} (gradient
 * sigma), {@code blur} (0|1), {@code norm} (0|1), {@code luma} and {@code chroma} (per-pixel caps in
 * levels; luma=0 for none), {@code mask} (texture masking, 0|1), {@code start} (start offset in
 * levels), {@code worst} (the central half of the face in the DSSIM budget, 0|1), {@code cell} (the side of
 * the cloak's cells in pixels of the models' 112 px view; 0 per pixel), {@code joint} (the caps bound Y, Cb
 * and Cr together, 0|1), {@code upscale} (the high-resolution variant: the photos are enlarged this many
 * times with a bicubic filter before they are cloaked, and the trackers shrink them back with area
 * averaging; 1 for none), {@code people} (cloak only the first N protected people, by name, and report
 * on them alone: for costly variants; 0 for all), {@code label}.
 *
 * @param label the name in reports
 * @param config the cloak configuration (its seed is replaced by the evaluation's)
 * @param tuning the optimizer's transfer knobs
 * @param upscale how many times the photos are enlarged before they are cloaked, 1 to 4
 * @param people how many of the protected people (first by name) are cloaked; 0 for all
 */
public record CloakSpec(String label, CloakConfig config, CloakTuning tuning, int upscale, int people) {
  /** Validates the enlargement and the people. */
  public CloakSpec {
    checkArgument(upscale >= 1 && upscale <= 4, "upscale (%s) must be 1 to 4", upscale);
    checkArgument(people >= 0, "people (%s) must not be negative", people);
  }

  /** Parses a spec; throws IllegalArgumentException naming the bad part. */
  public static CloakSpec parse(String text) {
    String[] head = text.trim().split(":", 2);
    Preset preset;
    try {
      preset = Preset.valueOf(head[0].trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cloak spec '" + text + "': preset must be LOW, MID or HIGH, not '" + head[0] + "'");
    }
    CloakConfig.Builder config = CloakConfig.builder(preset);
    CloakTuning.Builder tuning = CloakTuning.forPreset(preset).toBuilder();
    String label = preset.name();
    int upscale = 1;
    int people = 0;
    if (head.length > 1 && !head[1].isBlank()) {
      label = text.trim();
      for (String pair : head[1].split(",")) {
        String[] kv = pair.split("=", 2);
        checkArgument(kv.length == 2, "cloak spec '%s': '%s' is not key=value", text, pair);
        String key = kv[0].trim();
        String value = kv[1].trim();
        try {
          switch (key) {
            case "extractors" -> config.extractors(List.of(value.split("\\+")));
            case "strategy" -> config.strategy(Strategy.valueOf(value.toUpperCase(Locale.ROOT)));
            case "budget" -> config.dssimBudget(Double.parseDouble(value));
            case "steps" -> config.maxSteps(Integer.parseInt(value));
            case "lr" -> config.learningRate(Double.parseDouble(value));
            case "jitter" -> tuning.framingJitter(Double.parseDouble(value));
            case "smooth" -> tuning.gradientSigma(Double.parseDouble(value));
            case "blur" -> tuning.blurredCopies(flag(value));
            case "norm" -> tuning.normalizePerModel(flag(value));
            case "luma" -> tuning.lumaCap(Double.parseDouble(value));
            case "chroma" -> tuning.chromaCap(Double.parseDouble(value));
            case "mask" -> tuning.textureMasking(flag(value));
            case "start" -> tuning.startNoise(Double.parseDouble(value));
            case "worst" -> tuning.worstRegion(flag(value));
            case "cell" -> tuning.cell(Double.parseDouble(value));
            case "joint" -> tuning.jointCaps(flag(value));
            case "upscale" -> upscale = Integer.parseInt(value);
            case "people" -> people = Integer.parseInt(value);
            case "label" -> label = value;
            default -> throw new IllegalArgumentException("unknown key '" + key + "'");
          }
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("cloak spec '" + text + "': " + e.getMessage(), e);
        }
      }
    }
    try {
      return new CloakSpec(label, config.build(), tuning.build(), upscale, people);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cloak spec '" + text + "': " + e.getMessage(), e);
    }
  }

  private static boolean flag(String value) {
    return switch (value) {
      case "1", "true" -> true;
      case "0", "false" -> false;
      default -> throw new IllegalArgumentException("flag must be 0 or 1, not '" + value + "'");
    };
  }

  /** The ensemble's extractor names: the configured ones, or the preset's default. */
  public List<String> extractors() {
    return config.extractors().isEmpty() ? config.preset().extractors() : config.extractors();
  }

  /** This spec without {@code extractor} in its ensemble, labelled as a leave-one-out run. */
  public CloakSpec without(String extractor) {
    List<String> rest = new ArrayList<>(extractors());
    checkArgument(rest.remove(extractor) && !rest.isEmpty(), "cannot hold %s out of %s", extractor, extractors());
    return new CloakSpec(label + " without " + extractor, config.toBuilder().extractors(rest).build(), tuning, upscale, people);
  }

  /** This spec with the evaluation's seed. */
  CloakSpec withSeed(long seed) {
    return new CloakSpec(label, config.toBuilder().seed(seed).build(), tuning, upscale, people);
  }

  /** Everything that defines the cloak, for the report. */
  Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("label", label);
    out.put("preset", config.preset().name());
    out.put("strategy", config.strategy().name().toLowerCase(Locale.ROOT));
    out.put("extractors", extractors());
    out.put("dssimBudget", config.dssimBudget());
    out.put("steps", config.maxSteps());
    out.put("learningRate", config.learningRate());
    out.put("framingJitter", tuning.framingJitter());
    out.put("gradientSigma", tuning.gradientSigma());
    out.put("blurredCopies", tuning.blurredCopies());
    out.put("normalizePerModel", tuning.normalizePerModel());
    out.put("lumaCap", tuning.lumaCap());
    out.put("chromaCap", tuning.chromaCap());
    out.put("textureMasking", tuning.textureMasking());
    out.put("startNoise", tuning.startNoise());
    out.put("worstRegion", tuning.worstRegion());
    out.put("cell", tuning.cell());
    out.put("jointCaps", tuning.jointCaps());
    out.put("upscale", upscale);
    out.put("people", people);
    return out;
  }
}
