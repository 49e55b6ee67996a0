package dev.memleak.sites;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Allocates short-lived garbage on a background thread until closed, so that young
 * collections run: JFR emits only samples older than the last collection that found dead
 * samples.
 */
final class Garbage implements AutoCloseable {

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Thread thread;

	@SuppressWarnings("unused")
	private volatile Object sink;

	private Garbage() {
		this.thread = new Thread(() -> {
			long n = 0;
			while (this.running.get()) {
				this.sink = new byte[(int) (n++ % 4096)];
			}
		}, "test-garbage");
		this.thread.setDaemon(true);
	}

	static Garbage start() {
		Garbage garbage = new Garbage();
		garbage.thread.start();
		return garbage;
	}

	boolean isRunning() {
		return this.thread.isAlive();
	}

	@Override
	public void close() {
		this.running.set(false);
		try {
			this.thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
