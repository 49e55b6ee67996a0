package dev.memleak.sample.detection;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Sends requests at a fixed rate, as real traffic does, whatever the response time, with
 * at most {@link #MAX_IN_FLIGHT} requests waiting for their response: past that, as a
 * load balancer would, it sheds sends instead of piling up connections on a machine that
 * is already slow.
 *
 * @author memleak
 */
final class RateLoad implements AutoCloseable {

	static final int MAX_IN_FLIGHT = 64;

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);

	private final Semaphore inFlight;

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final AtomicLong timeouts = new AtomicLong();

	private final AtomicLong shed = new AtomicLong();

	private volatile String firstFailure;

	/**
	 * Start sending.
	 * @param client the client
	 * @param port the application's port
	 * @param perSecond requests per second
	 * @param path the path of the n-th request
	 */
	RateLoad(HttpClient client, int port, int perSecond, IntFunction<String> path) {
		this(client, port, perSecond, MAX_IN_FLIGHT, path);
	}

	/**
	 * Start sending, with at most {@code maxInFlight} requests waiting for their
	 * response.
	 * @param client the client
	 * @param port the application's port
	 * @param perSecond requests per second
	 * @param maxInFlight the most requests waiting for a response
	 * @param path the path of the n-th request
	 */
	RateLoad(HttpClient client, int port, int perSecond, int maxInFlight, IntFunction<String> path) {
		this.inFlight = new Semaphore(maxInFlight);
		AtomicLong sequence = new AtomicLong();
		this.scheduler.scheduleAtFixedRate(() -> {
			try {
				send(client, port, path.apply((int) sequence.incrementAndGet()));
			}
			catch (RuntimeException | Error ex) {
				// Never silently: a periodic task that throws is never run again.
				this.failures.incrementAndGet();
				if (this.firstFailure == null) {
					this.firstFailure = "the load generator: " + ex;
				}
			}
		}, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
	}

	private void send(HttpClient client, int port, String path) {
		String target = "http://localhost:" + port + path;
		if (!this.inFlight.tryAcquire()) {
			this.shed.incrementAndGet();
			return;
		}
		this.sent.incrementAndGet();
		CompletableFuture<HttpResponse<Void>> response;
		try {
			response = client.sendAsync(
					HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.discarding());
		}
		catch (RuntimeException ex) {
			this.inFlight.release();
			throw ex;
		}
		response.whenComplete((answer, failure) -> {
			this.inFlight.release();
			if (failure instanceof HttpTimeoutException
					|| failure != null && failure.getCause() instanceof HttpTimeoutException) {
				// The machine is too busy to answer in time: not the
				// application's failure.
				this.timeouts.incrementAndGet();
			}
			else if (failure != null || answer.statusCode() >= 500) {
				this.failures.incrementAndGet();
				if (this.firstFailure == null) {
					this.firstFailure = target + ": " + ((failure != null) ? failure : answer.statusCode());
				}
			}
		});
	}

	static int random(int bound) {
		return ThreadLocalRandom.current().nextInt(bound);
	}

	/**
	 * Return the requests that failed: a server error or a connection failure.
	 * @return the count
	 */
	long failures() {
		return this.failures.get();
	}

	/**
	 * Return the requests that timed out (no connection or no response in 30 s).
	 * @return the count
	 */
	long timeouts() {
		return this.timeouts.get();
	}

	/**
	 * Return the requests sent.
	 * @return the count
	 */
	long sent() {
		return this.sent.get();
	}

	/**
	 * Describe the first failure, and how many requests timed out or were shed.
	 * @return the description
	 */
	String firstFailure() {
		return "first failure: " + this.firstFailure + "; " + this.timeouts.get() + " timed out, " + this.shed.get()
				+ " shed";
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
