package dev.fawkes.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fawkes.tf.testing.SharedData;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The time limit and the graceful shutdown, each on a server of its own with the real cloaker. */
class ServeLimitsTest {
  @Test
  void aRequestOverTheTimeLimitIsStoppedWith504AndTheServerGoesOn() throws Exception {
    Http.Form photos = new Http.Form();
    for (java.nio.file.Path p : SharedData.lfwUser("Alvaro_Uribe", 3)) {
      photos.file(p.getFileName().toString(), Files.readAllBytes(p));
    }
    // Three faces take seconds at LOW on a CPU, and more than 300 ms anywhere.
    try (FawkesServer server = FawkesServer.builder().port(0).timeLimit(Duration.ofMillis(300)).build().start()) {
      Http http = new Http(server);
      long t0 = System.nanoTime();
      HttpResponse<byte[]> r = http.post("/api/v1/cloak", photos);
      double seconds = (System.nanoTime() - t0) / 1e9;

      assertThat(r.statusCode()).isEqualTo(504);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("time limit");
      assertThat(seconds).isLessThan(3);
      // The cloak itself stops at its next optimization step, and the worker is free again.
      while (!http.get("/api/v1/health", Map.of()).body().contains("\"running\": 0")) {
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds until the worker is free").isLessThan(5);
        Thread.sleep(10);
      }
    }
  }

  @Test
  void closingFinishesWorkInProgressAndRefusesNewWork() throws Exception {
    byte[] photo = Files.readAllBytes(SharedData.lfwUser("Alvaro_Uribe", 1).get(0));
    FawkesServer server = FawkesServer.builder().port(0).grace(Duration.ofSeconds(60)).build().start();
    Http http = new Http(server);
    CompletableFuture<HttpResponse<byte[]>> inFlight = CompletableFuture.supplyAsync(() -> {
      try {
        return http.post("/api/v1/cloak", new Http.Form().file("a.jpg", photo));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    while (!http.get("/api/v1/health", Map.of()).body().contains("\"running\": 1")) {
      Thread.sleep(20);
    }
    CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
    // While closing: new work is refused, the running request still gets its photo.
    while (!http.get("/api/v1/health", Map.of()).body().contains("closing")) {
      Thread.sleep(5);
    }
    assertThat(http.post("/api/v1/cloak", new Http.Form().file("b.jpg", photo)).statusCode()).isEqualTo(503);
    assertThat(inFlight.get().statusCode()).isEqualTo(200);
    closing.get();
  }
}
