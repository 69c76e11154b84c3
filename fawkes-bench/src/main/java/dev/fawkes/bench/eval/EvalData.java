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
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The people of the evaluation: every user split into training and test photos, the extra classes
 * (the target candidates, all photos training), the protected users, and the public photos a
 * cloak-aware tracker cloaks for itself.
 *
 * @param users every user, training photos first 60% by name
 * @param extras extra tracker classes: name and all photos
 * @param protectedPeople the protected users, sorted by name
 * @param publicPhotos photos of people who are neither users nor protected (one each, from
 *     {@code targets/}), for the cloak-aware tracker; empty where there is no {@code targets/}
 */
record EvalData(List<LfwSplit.Person> users, List<LfwSplit.Person> extras, List<LfwSplit.Person> protectedPeople,
    List<Path> publicPhotos) {
  static EvalData load(EvalOptions options) {
    Path data = options.data();
    checkArgument(Files.isDirectory(data), "data folder %s does not exist", data);
    Path usersDir = Files.isDirectory(data.resolve("users")) ? data.resolve("users") : data;
    LfwSplit users = LfwSplit.load(usersDir, EvalOptions.TRAINING_FRACTION);
    Path targetsDir = data.resolve("targets");
    List<LfwSplit.Person> candidates = new ArrayList<>();
    if (!usersDir.equals(data) && Files.isDirectory(targetsDir)) {
      for (Path folder : list(targetsDir)) {
        List<Path> photos = Files.isDirectory(folder) ? list(folder).stream().filter(EvalData::isJpeg).toList() : List.of();
        if (!photos.isEmpty()) {
          candidates.add(new LfwSplit.Person(folder.getFileName().toString(), photos, List.of()));
        }
      }
    }
    Map<String, LfwSplit.Person> byName = users.people().stream()
        .collect(Collectors.toMap(LfwSplit.Person::name, Function.identity()));
    List<String> eligible = users.people().stream()
        .filter(p -> p.gallery().size() + p.queries().size() >= EvalOptions.MIN_PHOTOS).map(LfwSplit.Person::name).toList();
    List<String> chosen;
    if (!options.names().isEmpty()) {
      for (String name : options.names()) {
        checkArgument(eligible.contains(name), "--people: '%s' is not a user with at least %s photos under %s",
            name, EvalOptions.MIN_PHOTOS, usersDir);
      }
      chosen = options.names();
    } else {
      List<String> pool = new ArrayList<>(options.set().members(eligible));
      checkArgument(pool.size() >= options.people(), "the %s set has %s people; %s protected people asked",
          options.set().label(), pool.size(), options.people());
      Collections.shuffle(pool, new Random(options.seed()));
      chosen = pool.subList(0, options.people());
    }
    List<LfwSplit.Person> protectedPeople = chosen.stream().map(byName::get)
        .sorted(Comparator.comparing(LfwSplit.Person::name)).toList();
    List<LfwSplit.Person> shuffled = new ArrayList<>(candidates);
    Collections.shuffle(shuffled, new Random(options.seed() + 7));
    List<Path> publicPhotos = shuffled.stream().limit(options.awarePhotos()).map(p -> p.gallery().get(0)).sorted().toList();
    return new EvalData(users.people(), options.extraClasses() ? List.copyOf(candidates) : List.of(), protectedPeople,
        publicPhotos);
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
