// Load for docs/bench/sites-queue/run.sh: the rates and paths of DiagnosisIT's RateLoad.
import java.net.URI;
import java.net.http.*;
import java.time.Duration;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;
import java.util.function.IntFunction;

// java Load.java PORT LEAK_PER_S GARBAGE_PER_S MAX_IN_FLIGHT  (replicates DiagnosisIT's RateLoad)
public class Load {
  static HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  static void start(int port, int perSecond, int maxInFlight, IntFunction<String> path) {
    ScheduledExecutorService s = Executors.newScheduledThreadPool(4);
    Semaphore inFlight = new Semaphore(maxInFlight);
    AtomicLong seq = new AtomicLong();
    s.scheduleAtFixedRate(() -> {
      if (!inFlight.tryAcquire()) return;
      String target = "http://localhost:" + port + path.apply((int) seq.incrementAndGet());
      client.sendAsync(HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.discarding()).whenComplete((a, f) -> inFlight.release());
    }, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
  }
  public static void main(String[] a) throws Exception {
    int port = Integer.parseInt(a[0]);
    int inflight = Integer.parseInt(a[3]);
    start(port, Integer.parseInt(a[1]), inflight, n -> "/owners/" + n);
    start(port, Integer.parseInt(a[2]), inflight, n -> switch (n % 4) {
      case 0 -> "/reports/" + (2000 + n % 20);
      case 1 -> "/blobs/" + (64 * 1024);
      case 2 -> "/carts/" + ThreadLocalRandom.current().nextInt(400);
      default -> "/owners";
    });
    Thread.sleep(Long.MAX_VALUE);
  }
}
