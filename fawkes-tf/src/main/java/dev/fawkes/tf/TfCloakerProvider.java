package dev.fawkes.tf;

import dev.fawkes.CloakConfig;
import dev.fawkes.Cloaker;
import dev.fawkes.FaceAligner;
import dev.fawkes.FawkesException;
import dev.fawkes.spi.CloakerProvider;
import dev.fawkes.tf.cloak.TfCloaker;

/** Registers the TensorFlow backend with {@link dev.fawkes.Cloakers}. */
public final class TfCloakerProvider implements CloakerProvider {
  /** The backend's name. */
  public static final String NAME = "tensorflow";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int rank() {
    return 0;
  }

  @Override
  public Cloaker create(CloakConfig config, FaceAligner aligner) {
    NativeLibrary.requirePresent();
    try {
      return TfCloaker.create(config, aligner);
    } catch (FawkesException | IllegalArgumentException e) {
      throw e;
    } catch (LinkageError e) {
      throw NativeLibrary.failedToLoad(e);
    }
  }
}
