package dev.fawkes.tf.cloak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.Cloakers;
import dev.fawkes.Preset;
import dev.fawkes.photo.Photos;
import dev.fawkes.tf.cloak.internal.CloakPipeline;
import dev.fawkes.tf.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The library reports its events through {@link System.Logger} (here routed to java.util.logging,
 * the JDK's default), never by printing: an application decides what reaches its console.
 */
class LibraryEventsTest {
  @Test
  void eventsGoToTheSystemLoggerAndNothingIsPrinted() {
    BufferedImage photo = Photos.readImage(SharedData.resolve("fixtures/grace_hopper_512x512.jpg"));
    List<String> events = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        events.add(record.getLevel() + " " + record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    handler.setLevel(Level.ALL);
    Logger logger = Logger.getLogger(CloakPipeline.class.getName());
    Level before = logger.getLevel();
    logger.setLevel(Level.ALL);
    logger.addHandler(handler);
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      System.setErr(capture);
      try (Cloaker cloaker = Cloakers.create(CloakConfig.builder(Preset.LOW).maxSteps(2).build())) {
        CloakResult result = cloaker.cloak(photo);
        assertThat(result.facesFound()).isEqualTo(1);
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
      logger.removeHandler(handler);
      logger.setLevel(before);
    }
    assertThat(printed.toString(StandardCharsets.UTF_8)).as("printed by Java code during the call").isEmpty();
    assertThat(events).anySatisfy(e -> assertThat(e).startsWith("FINE Loaded the extractors"))
        .anySatisfy(e -> assertThat(e).startsWith("FINE Built the cloak graph for").contains("batch 1"));
  }
}
