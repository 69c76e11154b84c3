package dev.fawkes.examples;

import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.Cloakers;
import dev.fawkes.FaceCloak;
import dev.fawkes.FawkesException;
import dev.fawkes.Preset;
import dev.fawkes.photo.Photo;
import dev.fawkes.photo.Photos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Cloaks every photo of a folder into {@code OUT} (default {@code FOLDER/cloaked}) and prints each
 * face's status. Exits
 * with 1 when a photo could not be read or a face was left unprotected, so that a script (or CI)
 * notices.
 */
public final class CloakFolder {
  private CloakFolder() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: CloakFolder FOLDER [OUT]");
      System.exit(2);
    }
    Path folder = Path.of(args[0]);
    Path out = Files.createDirectories(args.length == 2 ? Path.of(args[1]) : folder.resolve("cloaked"));
    List<Path> photos;
    try (Stream<Path> files = Files.list(folder)) {
      photos = files.filter(Files::isRegularFile).sorted().toList();
    }
    boolean allProtected = true;
    try (Cloaker cloaker = Cloakers.create(CloakConfig.preset(Preset.LOW))) {
      for (Path file : photos) {
        try {
          Photo photo = Photos.read(file);
          CloakResult result = cloaker.cloak(photo.image());
          System.out.println(file.getFileName() + ": " + result.status() + ", " + result.facesFound() + " face(s)");
          for (FaceCloak face : result.faces()) {
            System.out.printf("  %s at %d,%d %dx%d (score %.2f, worst-region DSSIM %.4f)%n", face.status().label(),
                face.box().x, face.box().y, face.box().width, face.box().height, face.score(), face.dssim());
          }
          allProtected &= result.status() == CloakResult.Status.CLOAKED;
          String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "") + "_cloaked.png";
          Photos.write(photo.withImage(result.image()), out.resolve(name));
        } catch (FawkesException e) {
          System.out.println(file.getFileName() + ": not cloaked: " + e.getMessage());
          allProtected = false;
        }
      }
    }
    System.exit(allProtected ? 0 : 1);
  }
}
