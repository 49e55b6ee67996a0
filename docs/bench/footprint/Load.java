import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady HTTP load on the sample app at a fixed rate (as real traffic, whatever the
 * response time), the mix of LeakDetectionIT's steady run: reports, blobs, carts that
 * expire, owner lookups. Usage: java Load.java PORT REQUESTS_PER_SECOND SECONDS
 */
public class Load {

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		int perSecond = Integer.parseInt(args[1]);
		long seconds = Long.parseLong(args[2]);
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		AtomicLong sequence = new AtomicLong();
		AtomicLong failures = new AtomicLong();
		ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
		scheduler.scheduleAtFixedRate(() -> {
			long n = sequence.incrementAndGet();
			String path = switch ((int) (n % 4)) {
				case 0 -> "/reports/" + (2000 + n % 20);
				case 1 -> "/blobs/" + (64 * 1024);
				case 2 -> "/carts/" + (n % 400);
				default -> "/owners/" + n;
			};
			client
				.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
					.timeout(Duration.ofSeconds(30))
					.build(), HttpResponse.BodyHandlers.discarding())
				.whenComplete((response, failure) -> {
					if (failure != null || response.statusCode() >= 500) {
						failures.incrementAndGet();
					}
				});
		}, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
		scheduler.awaitTermination(seconds, TimeUnit.SECONDS);
		scheduler.shutdownNow();
		System.out.println("requests " + sequence.get() + " failures " + failures.get());
		System.exit(0);
	}

}
