package dev.memleak.footprint;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Real threads that wait until closed: a thread leak on demand.
 *
 * @author memleak
 */
final class ParkedThreads implements AutoCloseable {

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<Thread> threads = new ArrayList<>();

	/**
	 * Start a daemon thread that waits until this is closed.
	 * @param name the thread's name
	 */
	void start(String name) {
		Thread thread = new Thread(() -> {
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, name);
		thread.setDaemon(true);
		thread.start();
		this.threads.add(thread);
	}

	@Override
	public void close() throws InterruptedException {
		this.release.countDown();
		for (Thread thread : this.threads) {
			thread.join();
		}
	}

}
