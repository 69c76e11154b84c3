package dev.fawkes.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fawkes.tf.testing.SharedData;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a check: the Java heap that concurrent uploads add to a server, peak over the
 * run against the idle server after its cloaker is loaded (docs/performance.md, "fawkes serve").
 * Run with {@code -Pslow-tests -Dtest=ServeHeapMeasurement}; it prints its figures.
 */
@Tag("slow")
class ServeHeapMeasurement {
  @Test
  void heapOfConcurrentUploads() throws Exception {
    byte[] photo = Files.readAllBytes(SharedData.resolve("fixtures/grace_hopper_512x512.jpg"));
    int clients = 5;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try (FawkesServer server = FawkesServer.builder().port(0).queueSize(clients).build().start()) {
      Http http = new Http(server);
      http.post("/api/v1/cloak", new Http.Form().file("warm.jpg", photo)); // graphs built
      System.gc();
      long idle = memory.getHeapMemoryUsage().getUsed();
      AtomicLong peak = new AtomicLong(idle);
      ExecutorService pool = Executors.newFixedThreadPool(clients + 1);
      pool.submit(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
          Thread.sleep(10);
        }
        return null;
      });
      long t0 = System.nanoTime();
      List<Future<HttpResponse<byte[]>>> calls = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        calls.add(pool.submit(() -> http.post("/api/v1/cloak", new Http.Form().file("p.jpg", photo))));
      }
      for (Future<HttpResponse<byte[]>> call : calls) {
        assertThat(call.get().statusCode()).isEqualTo(200);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      pool.shutdownNow();
      System.gc();
      long after = memory.getHeapMemoryUsage().getUsed();
      System.out.printf(Locale.ROOT, "serve heap: %d concurrent uploads of a 512x512 JPEG in %.1f s; heap idle %.0f MiB, "
          + "peak %.0f MiB (+%.0f MiB), after %.0f MiB; max heap %.0f MiB%n", clients, seconds, idle / 1048576.0,
          peak.get() / 1048576.0, (peak.get() - idle) / 1048576.0, after / 1048576.0,
          memory.getHeapMemoryUsage().getMax() / 1048576.0);
    }
  }
}
