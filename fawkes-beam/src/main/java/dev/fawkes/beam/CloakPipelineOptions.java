package dev.fawkes.beam;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** The options of {@link CloakPipeline}, beside Beam's own ({@code --runner} and the runner's). */
public interface CloakPipelineOptions extends PipelineOptions {
  @Description("The photos: a file pattern of any Beam filesystem (archive/**, gs://bucket/photos/*/*.jpg); "
      + "several patterns or paths separated by commas")
  @Validation.Required
  String getInput();

  void setInput(String value);

  @Description("Folder for the outputs: <output>/<person>/<name>_cloaked.png, and <person>/target when targeted")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description("Protection level: low, mid or high")
  @Default.String("low")
  String getMode();

  void setMode(String value);

  @Description("untargeted or targeted (one target per person, stored as <output>/<person>/target)")
  @Default.String("untargeted")
  String getStrategy();

  void setStrategy(String value);

  @Description("Seed of every random choice")
  @Default.Long(0)
  long getSeed();

  void setSeed(long value);

  @Description("Compute threads of each worker's cloaker; 0 for every core")
  @Default.Integer(0)
  int getThreads();

  void setThreads(int value);

  @Description("Who a photo belongs to: 'parent' (its folder's name) or 'regex:<pattern with one group>' "
      + "matched against the path")
  @Default.String("parent")
  String getPersonKey();

  void setPersonKey(String value);

  @Description("Report file: one JSON line per photo, as the entries of fawkes cloak --report")
  String getReport();

  void setReport(String value);

  @Description("Dead-letter file: one JSON line per photo that could not be cloaked, with the reason")
  String getDeadLetter();

  void setDeadLetter(String value);
}
