package dev.fawkes.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fawkes.CloakConfig;
import dev.fawkes.CloakInterruptedException;
import dev.fawkes.CloakListener;
import dev.fawkes.CloakProgress;
import dev.fawkes.CloakProgress.Stage;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.ImageException;
import dev.fawkes.NoFaceException;
import dev.fawkes.TargetIdentity;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract of {@link Cloaker} that every backend keeps: nulls, empty lists, closing, which
 * exception each kind of failure throws, always with a message, progress events and interruption.
 * A backend's test extends this class and says how to create its cloaker and where to find a photo
 * with a face; a cheap configuration (one extractor) is enough, as nothing here measures
 * protection.
 *
 * <p>One cloaker of {@link #FEW_STEPS} steps serves the tests that leave it open; each test of
 * closing or of cancelling creates its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CloakerContract {
  /** The optimization steps of the shared cloaker. */
  protected static final int FEW_STEPS = 3;
  /**
   * The optimization steps of the cloaker whose call is cancelled: enough that a call that ignored
   * the cancel would run on for a few seconds, and be seen to.
   */
  protected static final int MANY_STEPS = 100;

  private Cloaker shared;
  private TargetIdentity target;

  /**
   * A new cloaker of the backend under test that runs {@code maxSteps} optimization steps per batch
   * of faces ({@link CloakConfig#maxSteps()}); the contract closes it.
   */
  protected abstract Cloaker newCloaker(int maxSteps);

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
    shared = newCloaker(FEW_STEPS);
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
    assertThrowsWithMessage(NullPointerException.class, () -> shared.cloakAll(List.of(photo), (TargetIdentity) null));
    assertThrowsWithMessage(NullPointerException.class, () -> shared.cloakAll(List.of(photo), (CloakListener) null));
    assertThrowsWithMessage(NullPointerException.class, () -> shared.cloakAll(List.of(photo), target, null));
    assertThrowsWithMessage(NullPointerException.class, () -> shared.cloakAll(List.of(photo), null, p -> { }));
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
    Cloaker cloaker = newCloaker(FEW_STEPS);
    CloakConfig config = cloaker.config();
    cloaker.close();
    assertThatCode(cloaker::close).doesNotThrowAnyException();
    assertThat(cloaker.config()).isEqualTo(config);
  }

  @Test
  void everyCallAfterCloseIsAnIllegalStateWithAMessage() {
    Cloaker cloaker = newCloaker(FEW_STEPS);
    cloaker.close();
    BufferedImage photo = photoWithAFace();
    List<BufferedImage> photos = List.of(photo);
    assertThrowsWithMessage(IllegalStateException.class, () -> cloaker.cloak(photo));
    assertThrowsWithMessage(IllegalStateException.class, () -> cloaker.cloak(photo, target));
    assertThrowsWithMessage(IllegalStateException.class, () -> cloaker.cloakAll(photos));
    assertThrowsWithMessage(IllegalStateException.class, () -> cloaker.cloakAll(photos, target));
    assertThrowsWithMessage(IllegalStateException.class, () -> cloaker.chooseTarget(photos));
  }

  @Test
  void progressGoesThroughEveryStageAndEveryStepOfEveryBatchUpToOne() {
    // One more face than a batch holds: two batches, of the same crop size.
    BufferedImage face = photoWithAFace();
    int batch = shared.config().batchSize();
    List<BufferedImage> photos = new ArrayList<>(Collections.nCopies(batch + 1, face));
    photos.add(1, photoWithoutAFace());
    List<CloakProgress> events = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    List<CloakResult> results = shared.cloakAll(photos, target, p -> {
      events.add(p);
      threads.add(Thread.currentThread());
    });

    assertThat(results).hasSize(photos.size());
    int steps = 2 * shared.config().maxSteps();
    List<CloakProgress> expected = new ArrayList<>();
    for (int i = 0; i <= photos.size(); i++) {
      expected.add(new CloakProgress(Stage.DETECTING, i, photos.size()));
    }
    for (int i = 0; i <= steps; i++) {
      expected.add(new CloakProgress(Stage.OPTIMIZING, i, steps));
    }
    for (int i = 0; i <= photos.size(); i++) {
      expected.add(new CloakProgress(Stage.WRITING, i, photos.size()));
    }
    assertThat(events).as("each stage's start, each photo, each step of both batches").isEqualTo(expected);
    assertThat(threads).as("the listener runs on the calling thread").containsOnly(Thread.currentThread());
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).fraction()).as("fraction of %s after %s", events.get(i), events.get(i - 1))
          .isGreaterThanOrEqualTo(events.get(i - 1).fraction()).isBetween(0.0, 1.0);
    }
    assertThat(events.get(0).fraction()).isZero();
    assertThat(events.get(events.size() - 1).fraction()).isEqualTo(1.0);
  }

  @Test
  void aCallWithoutAFaceStillGoesThroughEveryStage() {
    List<CloakProgress> events = new ArrayList<>();
    shared.cloakAll(List.of(photoWithoutAFace()), target, events::add);
    assertThat(events).containsExactly(new CloakProgress(Stage.DETECTING, 0, 1),
        new CloakProgress(Stage.DETECTING, 1, 1), new CloakProgress(Stage.OPTIMIZING, 0, 0),
        new CloakProgress(Stage.WRITING, 0, 1), new CloakProgress(Stage.WRITING, 1, 1));
  }

  @Test
  void anExceptionOfTheListenerEndsTheCallUnchangedAndTheCloakerGoesOn() {
    BufferedImage face = photoWithAFace();
    RuntimeException stop = new IllegalStateException("enough");
    AtomicInteger steps = new AtomicInteger();
    assertThatThrownBy(() -> shared.cloakAll(List.of(face), target, p -> {
      if (p.stage() == Stage.OPTIMIZING && p.done() > 0) {
        steps.incrementAndGet();
        throw stop;
      }
    })).isSameAs(stop);
    assertThat(steps).as("steps after the listener threw").hasValue(1);
    assertThat(shared.cloakAll(List.of(face), target).get(0).facesFound()).isEqualTo(1);
  }

  @Test
  void aThreadInterruptedBeforeTheCallThrowsAtOnceAndStaysInterrupted() {
    BufferedImage face = photoWithAFace(); // read before the flag is set: file channels close on interrupts
    List<BufferedImage> photos = List.of(face);
    List<CloakProgress> events = new ArrayList<>();
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> shared.cloakAll(photos, target, events::add))
          .isInstanceOf(CloakInterruptedException.class).hasMessageContaining("no photo of the call was cloaked");
      assertThat(Thread.currentThread().isInterrupted()).as("the interrupt flag after the call").isTrue();
      assertThrowsWithMessage(CloakInterruptedException.class, () -> shared.cloakAll(photos, events::add));
      assertThrowsWithMessage(CloakInterruptedException.class, () -> shared.cloak(face));
      assertThrowsWithMessage(CloakInterruptedException.class, () -> shared.chooseTarget(photos));
      assertThat(Thread.currentThread().isInterrupted()).as("the interrupt flag after the calls").isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(events).as("progress of calls that never started").isEmpty();
    assertThat(shared.cloak(face, target).facesFound()).as("a call after the flag is cleared").isEqualTo(1);
  }

  @Test
  void cancellingTheCallsFutureStopsItAtTheNextStepAndTheCloakerStaysUsable() throws Exception {
    BufferedImage face = photoWithAFace();
    double msAfterCancel;
    try (Cloaker cloaker = newCloaker(MANY_STEPS)) {
      int[] uninterrupted = pixels(cloaker.cloak(face, target).image());
      CountDownLatch firstStep = new CountDownLatch(1);
      AtomicBoolean cancelled = new AtomicBoolean();
      AtomicInteger stepsAfterCancel = new AtomicInteger();
      CompletableFuture<Ending> ended = new CompletableFuture<>();
      ExecutorService executor = Executors.newSingleThreadExecutor();
      try {
        Future<List<CloakResult>> call = executor.submit(() -> {
          try {
            return cloaker.cloakAll(List.of(face), target, p -> {
              if (p.stage() == Stage.OPTIMIZING && p.done() > 0) {
                stepsAfterCancel.addAndGet(cancelled.get() ? 1 : 0);
                firstStep.countDown();
              }
            });
          } catch (Throwable e) {
            ended.complete(new Ending(e, Thread.currentThread().isInterrupted(), System.nanoTime()));
            throw e;
          } finally {
            ended.complete(new Ending(null, Thread.currentThread().isInterrupted(), System.nanoTime()));
          }
        });
        assertThat(firstStep.await(2, TimeUnit.MINUTES)).as("a first step within 2 minutes").isTrue();
        long cancelledAt = System.nanoTime();
        cancelled.set(true);
        call.cancel(true);
        Ending ending = ended.get(5, TimeUnit.MINUTES);

        msAfterCancel = (ending.at() - cancelledAt) / 1e6;
        assertThat(ending.thrown()).as("how the call ended").isInstanceOf(CloakInterruptedException.class)
            .hasMessageContaining("no photo of the call was cloaked");
        assertThat(ending.interrupted()).as("the worker's interrupt flag when the call threw").isTrue();
        assertThat(stepsAfterCancel).as("steps of %s run after cancel(true)", MANY_STEPS).hasValueLessThanOrEqualTo(2);
      } finally {
        executor.shutdownNow();
      }
      List<CloakProgress> events = new ArrayList<>();
      List<Long> stepTimes = new ArrayList<>();
      CloakResult after = cloaker.cloakAll(List.of(face), target, p -> {
        events.add(p);
        if (p.stage() == Stage.OPTIMIZING) {
          stepTimes.add(System.nanoTime());
        }
      }).get(0);
      assertThat(events).filteredOn(p -> p.stage() == Stage.OPTIMIZING).hasSize(MANY_STEPS + 1);
      assertThat(pixels(after.image())).as("the next call's photo, as if nothing had been cancelled")
          .isEqualTo(uninterrupted);
      double msPerStep = (stepTimes.get(MANY_STEPS) - stepTimes.get(0)) / 1e6 / MANY_STEPS;
      System.out.printf("cancel(true) at the first of %d steps (%.1f ms a step): the call threw %.1f ms later, "
          + "%d step events after the cancel%n", MANY_STEPS, msPerStep, msAfterCancel, stepsAfterCancel.get());
    }
  }

  @Test
  void aCallWaitingForTheCloakerIsInterruptedWhileTheCallAheadOfItGoesOn() throws Exception {
    BufferedImage face = photoWithAFace();
    CountDownLatch aheadHoldsTheCloaker = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      // The call ahead stops in its listener at its first step, holding the cloaker.
      Future<List<CloakResult>> ahead = executor.submit(() -> shared.cloakAll(List.of(face), target, p -> {
        if (p.stage() == Stage.OPTIMIZING && p.done() == 1) {
          aheadHoldsTheCloaker.countDown();
          waitFor(release);
        }
      }));
      assertThat(aheadHoldsTheCloaker.await(2, TimeUnit.MINUTES)).as("the call ahead at its first step").isTrue();
      List<CloakProgress> events = Collections.synchronizedList(new ArrayList<>());
      CompletableFuture<Ending> ended = new CompletableFuture<>();
      Thread waiting = new Thread(() -> {
        try {
          shared.cloakAll(List.of(face), target, events::add);
          ended.complete(new Ending(null, Thread.currentThread().isInterrupted(), System.nanoTime()));
        } catch (Throwable e) {
          ended.complete(new Ending(e, Thread.currentThread().isInterrupted(), System.nanoTime()));
        }
      }, "waiting for the cloaker");
      waiting.start();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (waiting.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertThat(waiting.getState()).as("the second call, waiting for the cloaker").isEqualTo(Thread.State.WAITING);
      waiting.interrupt();
      Ending ending = ended.get(1, TimeUnit.MINUTES);
      assertThat(ending.thrown()).isInstanceOf(CloakInterruptedException.class)
          .hasMessageContaining("no photo of the call was cloaked");
      assertThat(ending.interrupted()).as("the waiting thread's interrupt flag when the call threw").isTrue();
      assertThat(events).as("progress of the call that never got the cloaker").isEmpty();
      assertThat(ahead).as("the call ahead, still holding the cloaker").isNotDone();
      release.countDown();
      assertThat(ahead.get(2, TimeUnit.MINUTES).get(0).facesFound()).as("the call ahead, done").isEqualTo(1);
    } finally {
      release.countDown();
      executor.shutdownNow();
    }
  }

  /** Waits for the latch; an interrupt ends the wait and is left set. */
  private static void waitFor(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How a call on another thread ended: what it threw (null if nothing), its interrupt flag then, and when. */
  private record Ending(Throwable thrown, boolean interrupted, long at) {}

  private static void assertThrowsWithMessage(Class<? extends Throwable> type, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(type)
        .satisfies(e -> assertThat(e.getMessage()).as("the message of %s", e).isNotBlank());
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }
}
