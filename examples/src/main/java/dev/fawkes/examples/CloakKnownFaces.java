package dev.fawkes.examples;

import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.Cloakers;
import dev.fawkes.FaceAligner;
import dev.fawkes.FaceCloak;
import dev.fawkes.KnownFace;
import dev.fawkes.Preset;
import dev.fawkes.photo.Photo;
import dev.fawkes.photo.Photos;
import dev.fawkes.tf.face.TfFaceAligner;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cloaks the faces an application already knows, without running a face detector: a photo site
 * that stores face boxes with its photos, say. The boxes come from a CSV file of lines
 * {@code photo-file,x,y,width,height} (the face's box in photo pixels, as a face detector draws
 * it); the cloaked photos go to {@code OUT}. Exits with 1 when a face was left unprotected.
 */
public final class CloakKnownFaces {
  private CloakKnownFaces() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: CloakKnownFaces FOLDER OUT FACES.csv");
      System.exit(2);
    }
    Path folder = Path.of(args[0]);
    Path out = Files.createDirectories(Path.of(args[1]));
    // The app's own records: photo file -> face boxes.
    Map<String, List<KnownFace>> boxes = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of(args[2]))) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(",");
      boxes.computeIfAbsent(f[0].trim(), k -> new ArrayList<>()).add(KnownFace.ofBox(new Rectangle2D.Double(
          Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]))));
    }
    // The aligner asks for a photo's faces by the photo itself: the images read here, as they are.
    Map<BufferedImage, List<KnownFace>> facesOf = new IdentityHashMap<>();
    FaceAligner known = TfFaceAligner.forKnownFaces(photo -> facesOf.getOrDefault(photo, List.of()));
    boolean allProtected = true;
    try (Cloaker cloaker = Cloakers.create(CloakConfig.preset(Preset.LOW), known)) {
      for (Map.Entry<String, List<KnownFace>> entry : boxes.entrySet()) {
        Photo photo = Photos.read(folder.resolve(entry.getKey()));
        facesOf.put(photo.image(), entry.getValue());
        CloakResult result = cloaker.cloak(photo.image());
        System.out.println(entry.getKey() + ": " + result.status() + ", " + result.facesFound() + " known face(s)");
        for (FaceCloak face : result.faces()) {
          System.out.printf("  %s, framed at %d,%d %dx%d (worst-region DSSIM %.4f)%n", face.status().label(),
              face.box().x, face.box().y, face.box().width, face.box().height, face.dssim());
        }
        allProtected &= result.status() == CloakResult.Status.CLOAKED;
        String name = entry.getKey().replaceFirst("\\.[^.]*$", "") + "_cloaked.png";
        Photos.write(photo.withImage(result.image()), out.resolve(name));
        facesOf.remove(photo.image());
      }
    }
    System.exit(allProtected ? 0 : 1);
  }
}
