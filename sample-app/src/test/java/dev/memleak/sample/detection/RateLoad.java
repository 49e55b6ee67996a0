package dev.memleak.sample.detection;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Sends requests at a fixed rate, as real traffic does, whatever the response time.
 *
 * @author memleak
 */
final class RateLoad implements AutoCloseable {

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);

	private final AtomicLong failures = new AtomicLong();

	private final AtomicLong timeouts = new AtomicLong();

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong inFlight = new AtomicLong();

	private volatile String firstFailure;

	/**
	 * Start sending.
	 * @param client the client
	 * @param port the application's port
	 * @param perSecond requests per second
	 * @param path the path of the n-th request
	 */
	RateLoad(HttpClient client, int port, int perSecond, IntFunction<String> path) {
		this(client, port, perSecond, Integer.MAX_VALUE, path);
	}

	/**
	 * Start sending, with at most {@code maxInFlight} requests waiting for their
	 * response: on a starved machine the ones beyond are dropped instead of piling up
	 * connections.
	 * @param client the client
	 * @param port the application's port
	 * @param perSecond requests per second
	 * @param maxInFlight the most requests waiting for a response
	 * @param path the path of the n-th request
	 */
	RateLoad(HttpClient client, int port, int perSecond, int maxInFlight, IntFunction<String> path) {
		AtomicLong sequence = new AtomicLong();
		this.scheduler.scheduleAtFixedRate(() -> {
			if (this.inFlight.incrementAndGet() > maxInFlight) {
				this.inFlight.decrementAndGet();
				this.dropped.incrementAndGet();
				return;
			}
			this.sent.incrementAndGet();
			String target = "http://localhost:" + port + path.apply((int) sequence.incrementAndGet());
			client
				.sendAsync(HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30)).build(),
						HttpResponse.BodyHandlers.discarding())
				.whenComplete((response, failure) -> {
					this.inFlight.decrementAndGet();
					if (failure != null || response.statusCode() >= 500) {
						this.failures.incrementAndGet();
						if (isTimeout(failure)) {
							this.timeouts.incrementAndGet();
						}
						if (this.firstFailure == null) {
							this.firstFailure = target + ": " + ((failure != null) ? failure : response.statusCode());
						}
					}
				});
		}, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
	}

	private static boolean isTimeout(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpTimeoutException) {
				return true;
			}
		}
		return false;
	}

	static int random(int bound) {
		return ThreadLocalRandom.current().nextInt(bound);
	}

	long failures() {
		return this.failures.get();
	}

	/**
	 * Return the failures that were timeouts (no connection or no response in 30 s).
	 * @return how many
	 */
	long timeouts() {
		return this.timeouts.get();
	}

	long sent() {
		return this.sent.get();
	}

	long dropped() {
		return this.dropped.get();
	}

	String firstFailure() {
		return this.firstFailure;
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
