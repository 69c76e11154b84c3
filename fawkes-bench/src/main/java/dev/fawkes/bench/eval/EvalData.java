package dev.fawkes.bench.eval;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fawkes.bench.LfwSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The people of the evaluation: every user split into training and test photos, the extra classes
 * (the target candidates, all photos training), and the protected users, drawn with the seed.
 *
 * @param users every user, training photos first 60% by name
 * @param extras extra tracker classes: name and all photos
 * @param protectedPeople the protected users, sorted by name
 */
record EvalData(List<LfwSplit.Person> users, List<LfwSplit.Person> extras, List<LfwSplit.Person> protectedPeople) {
  static EvalData load(Path data, int people, long seed, boolean extraClasses) {
    checkArgument(Files.isDirectory(data), "data folder %s does not exist", data);
    Path usersDir = Files.isDirectory(data.resolve("users")) ? data.resolve("users") : data;
    LfwSplit users = LfwSplit.load(usersDir, EvalOptions.TRAINING_FRACTION);
    List<LfwSplit.Person> extras = new ArrayList<>();
    Path targetsDir = data.resolve("targets");
    if (extraClasses && !usersDir.equals(data) && Files.isDirectory(targetsDir)) {
      for (Path folder : list(targetsDir)) {
        List<Path> photos = list(folder).stream().filter(EvalData::isJpeg).toList();
        if (Files.isDirectory(folder) && !photos.isEmpty()) {
          extras.add(new LfwSplit.Person(folder.getFileName().toString(), photos, List.of()));
        }
      }
    }
    List<LfwSplit.Person> eligible = new ArrayList<>(users.people().stream()
        .filter(p -> p.gallery().size() + p.queries().size() >= EvalOptions.MIN_PHOTOS).toList());
    checkArgument(eligible.size() >= people, "only %s people under %s have at least %s photos; %s protected people asked",
        eligible.size(), usersDir, EvalOptions.MIN_PHOTOS, people);
    Collections.shuffle(eligible, new Random(seed));
    List<LfwSplit.Person> chosen = new ArrayList<>(eligible.subList(0, people));
    chosen.sort(Comparator.comparing(LfwSplit.Person::name));
    return new EvalData(users.people(), extras, List.copyOf(chosen));
  }

  boolean isProtected(LfwSplit.Person person) {
    return protectedPeople.stream().anyMatch(p -> p.name().equals(person.name()));
  }

  private static boolean isJpeg(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".jpg") || name.endsWith(".jpeg");
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
