package dev.fawkes.beam;

import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who a photo belongs to, from its path: the folder its outputs go to and, when targeted, the
 * person whose one target all its photos share. Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface PersonKey extends Serializable {
  /**
   * The person of a photo.
   *
   * @param path the photo's path or URI
   * @return a non-empty name without '/', usable as a folder name
   * @throws IllegalArgumentException if the path names no person
   */
  String of(String path);

  /** {@return the name of the folder the photo is in} */
  static PersonKey parentFolder() {
    return path -> {
      String[] parts = path.split("/");
      if (parts.length < 2 || parts[parts.length - 2].isEmpty()) {
        throw new IllegalArgumentException(path + " is in no folder, so it names no person");
      }
      return checked(parts[parts.length - 2], path);
    };
  }

  /**
   * The first group of a regular expression found in the path.
   *
   * @param regex a pattern with at least one group
   * @return the key
   */
  static PersonKey regex(String regex) {
    Pattern pattern = Pattern.compile(regex);
    if (pattern.matcher("").groupCount() < 1) {
      throw new IllegalArgumentException("--personKey regex:" + regex + " has no group; put the person's part in (...)");
    }
    return path -> {
      Matcher m = pattern.matcher(path);
      if (!m.find() || m.group(1) == null) {
        throw new IllegalArgumentException(path + " does not match the person key " + regex);
      }
      return checked(m.group(1), path);
    };
  }

  /**
   * Parses {@code --personKey}.
   *
   * @param spec {@code parent} or {@code regex:<pattern>}
   * @return the key
   */
  static PersonKey parse(String spec) {
    if (spec.equals("parent")) {
      return parentFolder();
    }
    if (spec.startsWith("regex:")) {
      return regex(spec.substring("regex:".length()));
    }
    throw new IllegalArgumentException("--personKey must be 'parent' or 'regex:<pattern>', not '" + spec + "'");
  }

  private static String checked(String person, String path) {
    if (person.isEmpty() || person.contains("/") || person.contains("\\") || person.equals(".") || person.equals("..")) {
      throw new IllegalArgumentException(path + " gives the person '" + person + "', which is no folder name");
    }
    return person;
  }
}
