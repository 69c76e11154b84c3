package dev.fawkes.bench;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A per-person split of a face data set laid out as {@code DIR/<Person>/*.jpg}: the first fraction
 * of each person's images (sorted by file name) form the gallery, the rest are queries.
 *
 * @param people the people, sorted by name
 */
public record LfwSplit(List<Person> people) {
  /** One person's images. */
  public record Person(String name, List<Path> gallery, List<Path> queries) {}

  /** Validates and freezes the list. */
  public LfwSplit {
    people = List.copyOf(people);
  }

  /**
   * Splits every person folder under {@code dir}.
   *
   * @param galleryFraction the share of each person's images in the gallery, in (0, 1)
   */
  public static LfwSplit load(Path dir, double galleryFraction) {
    checkArgument(galleryFraction > 0 && galleryFraction < 1, "galleryFraction (%s) must be in (0, 1)", galleryFraction);
    checkArgument(Files.isDirectory(dir), "data folder %s does not exist", dir);
    List<Person> people = new ArrayList<>();
    for (Path folder : list(dir).stream().filter(Files::isDirectory).toList()) {
      List<Path> images = list(folder).stream().filter(p -> p.toString().toLowerCase().endsWith(".jpg")).toList();
      if (images.size() < 2) {
        continue;
      }
      int gallery = Math.max(1, Math.min(images.size() - 1, (int) Math.round(images.size() * galleryFraction)));
      people.add(new Person(folder.getFileName().toString(), images.subList(0, gallery),
          images.subList(gallery, images.size())));
    }
    checkArgument(!people.isEmpty(), "no person folder with at least 2 images under %s", dir);
    return new LfwSplit(people);
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The number of query images over all people. */
  public int queryCount() {
    return people.stream().mapToInt(p -> p.queries().size()).sum();
  }
}
