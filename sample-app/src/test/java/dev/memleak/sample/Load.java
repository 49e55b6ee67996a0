package dev.memleak.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Sends requests to the sample app from a background thread, one at a time, until closed.
 */
final class Load implements AutoCloseable {

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicInteger sent = new AtomicInteger();

	private final AtomicInteger failed = new AtomicInteger();

	private final Thread thread;

	Load(int port, IntFunction<String> path, long pauseMillis) {
		HttpClient client = HttpClient.newHttpClient();
		this.thread = new Thread(() -> {
			while (this.running.get()) {
				int n = this.sent.getAndIncrement();
				try {
					HttpResponse<Void> response = client
						.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path.apply(n)))
							.timeout(Duration.ofSeconds(30))
							.build(), HttpResponse.BodyHandlers.discarding());
					if (response.statusCode() != 200) {
						this.failed.incrementAndGet();
					}
					Thread.sleep(pauseMillis);
				}
				catch (IOException ex) {
					this.failed.incrementAndGet();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}, "test-load");
		this.thread.start();
	}

	int sent() {
		return this.sent.get();
	}

	int failed() {
		return this.failed.get();
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		this.thread.join(10_000);
	}

}
