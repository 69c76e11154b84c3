package dev.fawkes.tf.cloak.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fawkes.AlignedFace;
import dev.fawkes.quality.Visibility;
import dev.fawkes.tf.face.SimilarityWarp;
import dev.fawkes.tf.face.TfFaceAligner;
import dev.fawkes.tf.testing.Faces;
import dev.fawkes.tf.testing.SharedData;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The budget on the written photo, with changes that are too large on purpose: seeded noise, not a
 * cloak, so that every case is over the budget before {@link PhotoWriter} scales it down.
 */
class PhotoWriterTest {
  private static final double BUDGET = 0.004;
  private static BufferedImage photo;
  private static AlignedFace face;

  @BeforeAll
  static void findTheFace() {
    photo = Faces.read(SharedData.resolve("fixtures/grace_hopper_512x512.jpg"));
    try (TfFaceAligner aligner = new TfFaceAligner()) {
      face = AlignedFace.largest(aligner.align(photo));
    }
  }

  /** Uniform noise of up to {@code levels} on every value of a crop of {@code size}. */
  private static float[] noise(int size, double levels, long seed) {
    Random random = new Random(seed);
    float[] delta = new float[size * size * 3];
    for (int i = 0; i < delta.length; i++) {
      delta[i] = (float) ((random.nextDouble() * 2 - 1) * levels);
    }
    return delta;
  }

  @Test
  void aChangeOverTheBudgetIsScaledDownUntilTheWrittenPixelsHoldIt() {
    float[] delta = noise(face.crop().getWidth(), 12, 1);
    PhotoWriter.Written unbounded = PhotoWriter.write(photo, List.of(new PhotoWriter.Face(face, delta)), 1);
    assertThat(unbounded.scale()[0]).isEqualTo(1);
    assertThat(unbounded.visibility().get(0).worstRegionDssim()).as("the noise alone").isGreaterThan(2 * BUDGET);

    PhotoWriter.Written written = PhotoWriter.write(photo, List.of(new PhotoWriter.Face(face, delta)), BUDGET);
    Visibility measured = Visibility.measure(photo, written.rgb(), face.canonicalInPhoto());
    assertThat(measured).isEqualTo(written.visibility().get(0));
    assertThat(measured.worstRegionDssim()).isLessThanOrEqualTo(BUDGET).isGreaterThan(BUDGET / 2);
    assertThat(written.scale()[0]).isBetween(0.05, 0.9);
    assertThat(photo.getRGB(0, 0)).as("outside the crop nothing changes").isEqualTo(written.rgb().getRGB(0, 0));
  }

  @Test
  void overlappingFacesHoldTheBudgetTogether() {
    // A second face whose crop covers half of the first one's box, as in a group photo.
    AffineTransform shifted = face.cropToPhoto();
    shifted.preConcatenate(AffineTransform.getTranslateInstance(face.canonicalInPhoto().width / 2.0, 0));
    int size = face.crop().getWidth();
    AlignedFace neighbour = new AlignedFace(SimilarityWarp.sample(photo, shifted, size), shifted, face.canonical(), 1);
    List<PhotoWriter.Face> faces = List.of(new PhotoWriter.Face(face, noise(size, 4, 2)),
        new PhotoWriter.Face(neighbour, noise(size, 4, 3)));
    PhotoWriter.Written written = PhotoWriter.write(photo, faces, BUDGET);
    for (AlignedFace f : List.of(face, neighbour)) {
      assertThat(Visibility.measure(photo, written.rgb(), f.canonicalInPhoto()).worstRegionDssim())
          .isLessThanOrEqualTo(BUDGET);
    }
    assertThat(written.scale()[0]).isPositive();
    assertThat(written.scale()[1]).isPositive();
  }

  @Test
  void aLargeFaceIsMeasuredAtFullResolution() {
    BufferedImage large = Faces.scaled(photo, 3);
    AlignedFace big;
    try (TfFaceAligner aligner = new TfFaceAligner()) {
      big = AlignedFace.largest(aligner.align(large));
    }
    assertThat(big.sideInPhoto()).as("scaled down into its crop").isGreaterThan(big.crop().getWidth());
    PhotoWriter.Written written = PhotoWriter.write(large,
        List.of(new PhotoWriter.Face(big, noise(big.crop().getWidth(), 12, 4))), BUDGET);
    Rectangle box = big.canonicalInPhoto();
    assertThat(Visibility.measure(large, written.rgb(), box).worstRegionDssim()).isLessThanOrEqualTo(BUDGET);
    assertThat(written.scale()[0]).isPositive();
  }

  @Test
  void grayComesBackGrayFromItsRedChannel() {
    BufferedImage gray = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
    BufferedImage rgb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
    rgb.setRGB(0, 0, 0x101010);
    rgb.setRGB(1, 0, 0x808080);
    rgb.setRGB(2, 0, 0xfefefe);
    BufferedImage out = PhotoWriter.inInputType(gray, rgb);
    assertThat(out.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
    assertThat(out.getRaster().getPixels(0, 0, 3, 1, (int[]) null)).containsExactly(0x10, 0x80, 0xfe);
    BufferedImage indexed = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED);
    assertThat(PhotoWriter.inInputType(indexed, rgb)).as("a palette cannot hold a cloak").isSameAs(rgb);
  }
}
