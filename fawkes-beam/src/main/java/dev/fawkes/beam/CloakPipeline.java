package dev.fawkes.beam;

import dev.fawkes.Preset;
import dev.fawkes.Strategy;
import java.util.Arrays;
import java.util.Locale;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * The entry point: {@code CloakPipeline --input=PATTERN --output=DIR [--mode=low] [--strategy=...]
 * [--report=FILE] [--deadLetter=FILE] --runner=...}, on any Beam runner (docs/scale-out.md).
 */
public final class CloakPipeline {
  private CloakPipeline() {}

  /**
   * Runs the pipeline and waits for it.
   *
   * @param args Beam's options and those of {@link CloakPipelineOptions}
   */
  public static void main(String[] args) {
    PipelineOptionsFactory.register(CloakPipelineOptions.class);
    CloakPipelineOptions options = PipelineOptionsFactory.fromArgs(args).withValidation().as(CloakPipelineOptions.class);
    PipelineResult.State state = create(options).run().waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      System.err.println("fawkes-beam: the pipeline ended " + state);
      System.exit(1);
    }
  }

  /**
   * The pipeline of the options, not yet run.
   *
   * @param options the options
   * @return the pipeline
   * @throws IllegalArgumentException naming the option at fault
   */
  public static Pipeline create(CloakPipelineOptions options) {
    CloakPhotos.Settings config = config(options);
    PersonKey key = PersonKey.parse(options.getPersonKey());
    Pipeline pipeline = Pipeline.create(options);
    PCollectionTuple out = pipeline
        .apply("Inputs", Create.of(Arrays.stream(options.getInput().split(",")).map(String::trim)
            .filter(s -> !s.isEmpty()).toList()))
        .apply("Cloak photos", new CloakPhotos(config, options.getOutput(), key));
    if (options.getReport() != null) {
      out.get(CloakPhotos.REPORT).apply("Report", TextIO.write().to(options.getReport()).withoutSharding());
    }
    if (options.getDeadLetter() != null) {
      out.get(CloakPhotos.DEAD_LETTER).apply("Dead letter", TextIO.write().to(options.getDeadLetter()).withoutSharding());
    }
    return pipeline;
  }

  static CloakPhotos.Settings config(CloakPipelineOptions options) {
    try {
      return new CloakPhotos.Settings(Preset.valueOf(options.getMode().toUpperCase(Locale.ROOT)),
          Strategy.valueOf(options.getStrategy().toUpperCase(Locale.ROOT)), options.getSeed(), options.getThreads());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--mode must be low, mid or high and --strategy untargeted or targeted ("
          + e.getMessage() + ")", e);
    }
  }
}
