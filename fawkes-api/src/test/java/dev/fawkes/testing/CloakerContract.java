package dev.fawkes.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.ImageException;
import dev.fawkes.NoFaceException;
import dev.fawkes.TargetIdentity;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract of {@link Cloaker} that every backend keeps: nulls, empty lists, closing, and which
 * exception each kind of failure throws, always with a message. A backend's test extends this class
 * and says how to create its cloaker and where to find a photo with a face; a cheap configuration
 * (few steps, one extractor) is enough, as nothing here measures protection.
 *
 * <p>One cloaker serves the tests that leave it open; each test of closing creates its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CloakerContract {
  private Cloaker shared;
  private TargetIdentity target;

  /** A new cloaker of the backend under test; the contract closes it. */
  protected abstract Cloaker newCloaker();

  /** A photo with one face the cloaker finds, at least 64 px on each side. */
  protected abstract BufferedImage photoWithAFace();

  /** A photo the cloaker finds no face in: a flat grey 320 x 240 photo unless overridden. */
  protected BufferedImage photoWithoutAFace() {
    BufferedImage photo = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = photo.createGraphics();
    g.setColor(Color.GRAY);
    g.fillRect(0, 0, photo.getWidth(), photo.getHeight());
    g.dispose();
    return photo;
  }

  /** A photo too small to hold a face any backend can cloak: 4 x 4 pixels unless overridden. */
  protected BufferedImage photoTooSmall() {
    return new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
  }

  @BeforeAll
  final void openTheSharedCloaker() {
    shared = newCloaker();
    target = shared.chooseTarget(List.of(photoWithAFace()));
  }

  @AfterAll
  final void closeTheSharedCloaker() {
    if (shared != null) {
      shared.close();
    }
  }

  @Test
  void aChosenTargetIsUsableOnTheSameCloaker() {
    assertThat(target).isNotNull();
    assertThat(shared.chooseTarget(List.of(photoWithAFace()))).as("same photos, same seed").isEqualTo(target);
  }

  @Test
  void nullListsPhotosAndTargetsAreNullPointerExceptionsWithAMessage() {
    BufferedImage photo = photoWithAFace();
    List<BufferedImage> withNull = Arrays.asList(photo, null);
    assertThrowsWithMessage(NullPointerException.class, () -> shared.cloakAll(null));
    assertThrowsWithMessage(NullPointerException.class, () -> shared.cloakAll(withNull));
    assertThrowsWithMessage(NullPointerException.class, () -> shared.cloakAll(null, target));
    assertThrowsWithMessage(NullPointerException.class, () -> shared.cloakAll(withNull, target));
    assertThrowsWithMessage(NullPointerException.class, () -> shared.cloakAll(List.of(photo), null));
    assertThrowsWithMessage(NullPointerException.class, () -> shared.cloak(null));
    assertThrowsWithMessage(NullPointerException.class, () -> shared.cloak(null, target));
    assertThrowsWithMessage(NullPointerException.class, () -> shared.cloak(photo, null));
    assertThrowsWithMessage(NullPointerException.class, () -> shared.chooseTarget(null));
    assertThrowsWithMessage(NullPointerException.class, () -> shared.chooseTarget(withNull));
  }

  @Test
  void emptyListsAreIllegalArgumentsWithAMessage() {
    assertThrowsWithMessage(IllegalArgumentException.class, () -> shared.cloakAll(List.of()));
    assertThrowsWithMessage(IllegalArgumentException.class, () -> shared.cloakAll(List.of(), target));
    assertThrowsWithMessage(IllegalArgumentException.class, () -> shared.chooseTarget(List.of()));
  }

  @Test
  void aPhotoTooSmallIsAnImageExceptionWithAMessage() {
    BufferedImage small = photoTooSmall();
    assertThrowsWithMessage(ImageException.class, () -> shared.cloak(small));
    assertThrowsWithMessage(ImageException.class, () -> shared.cloak(small, target));
    assertThrowsWithMessage(ImageException.class, () -> shared.cloakAll(List.of(photoWithoutAFace(), small)));
    assertThrowsWithMessage(ImageException.class, () -> shared.chooseTarget(List.of(small)));
  }

  @Test
  void aPhotoWithoutAFaceComesBackAsAnUnchangedCopy() {
    BufferedImage photo = photoWithoutAFace();
    int[] before = pixels(photo);
    for (CloakResult result : List.of(shared.cloak(photo), shared.cloak(photo, target))) {
      assertThat(result.facesFound()).isZero();
      assertThat(result.faces()).isEmpty();
      assertThat(result.status()).isEqualTo(CloakResult.Status.NO_FACE);
      assertThat(result.image()).isNotSameAs(photo);
      assertThat(pixels(result.image())).isEqualTo(before);
    }
    assertThat(pixels(photo)).as("the input").isEqualTo(before);
  }

  @Test
  void choosingATargetWithoutAFaceIsANoFaceExceptionWithAMessage() {
    assertThrowsWithMessage(NoFaceException.class, () -> shared.chooseTarget(List.of(photoWithoutAFace())));
  }

  @Test
  void resultsComeInTheOrderOfThePhotosAndLeaveTheInputsAlone() {
    BufferedImage face = photoWithAFace();
    BufferedImage none = photoWithoutAFace();
    int[] faceBefore = pixels(face);
    List<CloakResult> results = shared.cloakAll(List.of(none, face), target);
    assertThat(results).hasSize(2);
    assertThat(results.get(0).facesFound()).isZero();
    assertThat(results.get(1).facesFound()).isPositive();
    // Every face found is accounted for: where it is, how sure the detector was, what it got.
    assertThat(results.get(1).faces()).isNotEmpty().hasSize(results.get(1).facesFound()).allSatisfy(f -> {
      assertThat(f.status()).isNotNull();
      assertThat(f.box().intersects(new java.awt.Rectangle(0, 0, face.getWidth(), face.getHeight()))).isTrue();
      assertThat(f.score()).isBetween(0.0, 1.0);
    });
    assertThat(results.get(1).image().getWidth()).isEqualTo(face.getWidth());
    assertThat(results.get(1).image().getHeight()).isEqualTo(face.getHeight());
    assertThat(pixels(face)).as("the input").isEqualTo(faceBefore);
  }

  @Test
  void closingTwiceIsHarmlessAndTheConfigurationStays() {
    Cloaker cloaker = newCloaker();
    CloakConfig config = cloaker.config();
    cloaker.close();
    assertThatCode(cloaker::close).doesNotThrowAnyException();
    assertThat(cloaker.config()).isEqualTo(config);
  }

  @Test
  void everyCallAfterCloseIsAnIllegalStateWithAMessage() {
    Cloaker cloaker = newCloaker();
    cloaker.close();
    BufferedImage photo = photoWithAFace();
    List<BufferedImage> photos = List.of(photo);
    assertThrowsWithMessage(IllegalStateException.class, () -> cloaker.cloak(photo));
    assertThrowsWithMessage(IllegalStateException.class, () -> cloaker.cloak(photo, target));
    assertThrowsWithMessage(IllegalStateException.class, () -> cloaker.cloakAll(photos));
    assertThrowsWithMessage(IllegalStateException.class, () -> cloaker.cloakAll(photos, target));
    assertThrowsWithMessage(IllegalStateException.class, () -> cloaker.chooseTarget(photos));
  }

  private static void assertThrowsWithMessage(Class<? extends Throwable> type, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(type)
        .satisfies(e -> assertThat(e.getMessage()).as("the message of %s", e).isNotBlank());
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }
}
