package dev.fawkes.photo;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * The names of cloaked copies: {@code <stem>_cloaked.png} or {@code <stem>_cloaked.jpg}, the same
 * for the command line, pipelines and the HTTP API, so that a rerun finds what an earlier one
 * wrote. Stateless and thread-safe.
 */
public final class OutputNames {
  /** The file name extensions taken for photos, lower case. */
  public static final List<String> PHOTO_EXTENSIONS = List.of("jpg", "jpeg", "png", "bmp", "gif", "webp");

  private static final String MARK = "_cloaked.";

  private OutputNames() {}

  /**
   * The cloaked copy's file name.
   *
   * @param inputName the input's file name, without folders
   * @param format {@link OutputFormat#PNG}, {@link OutputFormat#JPEG}, or
   *     {@link OutputFormat#SAME_AS_INPUT} (JPEG stays JPEG, every other format becomes lossless PNG)
   * @return {@code <stem>_cloaked.png} or {@code <stem>_cloaked.jpg}
   * @throws IllegalArgumentException for {@link OutputFormat#FROM_FILE_NAME}, or a name with a folder in it
   */
  public static String cloaked(String inputName, OutputFormat format) {
    requireNonNull(inputName, "inputName");
    requireNonNull(format, "format");
    if (inputName.isEmpty() || inputName.contains("/") || inputName.contains("\\")) {
      throw new IllegalArgumentException("not a file name: '" + inputName + "'");
    }
    int dot = inputName.lastIndexOf('.');
    String stem = dot > 0 ? inputName.substring(0, dot) : inputName;
    String source = dot > 0 ? inputName.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    boolean jpeg = switch (format) {
      case PNG -> false;
      case JPEG -> true;
      case SAME_AS_INPUT -> source.equals("jpg") || source.equals("jpeg");
      case FROM_FILE_NAME -> throw new IllegalArgumentException("choose PNG, JPEG or SAME_AS_INPUT for a cloaked name");
    };
    return stem + MARK + (jpeg ? "jpg" : "png");
  }

  /**
   * Whether a file name is a photo's that is not itself a cloaked copy: what a folder run cloaks.
   *
   * @param fileName a file name, without folders
   * @return true for a photo extension ({@link #PHOTO_EXTENSIONS}, any case) and no {@code _cloaked.} in the name
   */
  public static boolean isUncloakedPhoto(String fileName) {
    String name = requireNonNull(fileName, "fileName").toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    return dot > 0 && PHOTO_EXTENSIONS.contains(name.substring(dot + 1)) && !name.contains(MARK);
  }
}
