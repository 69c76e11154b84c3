package dev.fawkes.cli;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes cloaked photos: PNG (alpha kept) or JPEG, grayscale where the source was, with the metadata
 * chosen for the output, through a temporary file moved into place so that an interrupted run
 * leaves no half-written photo: on SIGTERM or Ctrl-C a shutdown hook deletes the temporary files
 * being written; after SIGKILL a hidden {@code .fawkes-*.tmp} may remain, never a partial photo.
 * Thread-safe. Close it to remove its shutdown hook.
 */
final class PhotoWriter implements AutoCloseable {
  private final float jpegQuality;
  private final Set<Path> inFlight = ConcurrentHashMap.newKeySet();
  private final Thread cleanup = new Thread(this::deleteInFlight, "fawkes-cleanup");
  /** Set by the shutdown hook: no temporary file may be created or completed after it ran. */
  private volatile boolean stopping;

  PhotoWriter(float jpegQuality) {
    this.jpegQuality = jpegQuality;
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  private void deleteInFlight() {
    stopping = true;
    for (Path tmp : inFlight) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // Shutting down: nothing else to do.
      }
    }
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook runs.
    }
  }

  /** Writes {@code image} to {@code output} (".jpg" means JPEG, anything else PNG). */
  void write(BufferedImage image, boolean grayscale, PhotoMetadata metadata, Path output) throws IOException {
    boolean jpeg = output.getFileName().toString().endsWith(".jpg");
    BufferedImage pixels = grayscale && !image.getColorModel().hasAlpha() ? toGray(image)
        : jpeg && image.getColorModel().hasAlpha() ? flatten(image) : image;
    byte[] bytes = metadata.matching(pixels.getType() == BufferedImage.TYPE_BYTE_GRAY).insertInto(encode(pixels, jpeg));
    Path dir = output.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, ".fawkes-", ".tmp");
    inFlight.add(tmp);
    try {
      if (stopping) {
        throw new IOException("shutting down; " + output + " was not written");
      }
      // No CREATE: if the shutdown hook deleted the file meanwhile, this fails instead of re-creating it.
      Files.write(tmp, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
      try {
        Files.move(tmp, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
      inFlight.remove(tmp);
    }
  }

  /** True when every pixel is opaque gray (r = g = b): such a photo is written back as grayscale. */
  static boolean isGray(BufferedImage image) {
    if (image.getColorModel().hasAlpha()) {
      return false;
    }
    int w = image.getWidth();
    int[] row = new int[w];
    for (int y = 0; y < image.getHeight(); y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int p : row) {
        int r = (p >> 16) & 0xff;
        if (r != ((p >> 8) & 0xff) || r != (p & 0xff)) {
          return false;
        }
      }
    }
    return true;
  }

  private byte[] encode(BufferedImage image, boolean jpeg) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName(jpeg ? "jpg" : "png").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (jpeg) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(jpegQuality);
      }
      // No metadata from the input is passed to the encoder; PhotoMetadata adds what is kept.
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** The luma of a cloaked gray photo, rounded: the cloak's colour part is averaged away. */
  private static BufferedImage toGray(BufferedImage image) {
    int w = image.getWidth();
    BufferedImage gray = new BufferedImage(w, image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = gray.getRaster();
    int[] row = new int[w];
    int[] out = new int[w];
    for (int y = 0; y < image.getHeight(); y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int p = row[x];
        out[x] = (int) Math.round(0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff));
      }
      raster.setPixels(0, y, w, 1, out);
    }
    return gray;
  }

  /** JPEG has no alpha: transparent parts become white, as most viewers show them. */
  private static BufferedImage flatten(BufferedImage image) {
    BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    g.drawImage(image, 0, 0, Color.WHITE, null);
    g.dispose();
    return rgb;
  }
}
