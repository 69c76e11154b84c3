package dev.fawkes.cli;

import dev.fawkes.Preset;
import dev.fawkes.Strategy;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/**
 * The values of an enum option as users type them, in lower case, for help texts; the command line
 * accepts them in any case.
 */
abstract class LowerCaseNames implements Iterable<String> {
  private final Class<? extends Enum<?>> type;

  LowerCaseNames(Class<? extends Enum<?>> type) {
    this.type = type;
  }

  @Override
  public Iterator<String> iterator() {
    return Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).iterator();
  }

  /** The values of --mode. */
  static final class Presets extends LowerCaseNames {
    Presets() {
      super(Preset.class);
    }
  }

  /** The values of --strategy. */
  static final class Strategies extends LowerCaseNames {
    Strategies() {
      super(Strategy.class);
    }
  }

  /** The values of --format. */
  static final class Formats extends LowerCaseNames {
    Formats() {
      super(CloakCommand.Format.class);
    }
  }
}
