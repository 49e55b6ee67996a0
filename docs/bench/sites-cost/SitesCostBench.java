import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Cost of memleak's leak-site recording: the same JFR settings as JfrOldObjectRecorder (an
 * in-memory recording of jdk.OldObjectSample with stack traces; each emission starts and
 * stops a second recording that writes the samples to a file).
 *
 * Modes:
 *   off SECONDS          allocation-heavy load (2 threads), no recording: prints ops/s
 *   on  SECONDS          the same load with the recording running, no emission: prints ops/s
 *   emit SECONDS CUTOFF LIVE_MIB
 *                        the load, the recording, LIVE_MIB of retained objects allocated while
 *                        recording (and a slow leak), then an emission every 3 s with the given
 *                        JFR cutoff ("0 ns": stack traces only; "1 s", "infinity": paths to GC
 *                        roots). Prints per emission: wall time, the longest stall a thread that
 *                        sleeps 1 ms saw during it, reading time, samples and file size.
 *
 * Run it with -Xlog:safepoint=info:file=... to read the exact safepoint pauses (run.sh does).
 */
public class SitesCostBench {

	static final int WARMUP_SECONDS = 10;

	static final List<Object> LIVE = new ArrayList<>();

	static volatile Object sink;

	static volatile long maxGapNanos;

	record Entry(long id, byte[] payload) {
	}

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		int seconds = Integer.parseInt(args[1]);
		Recording recording = null;
		if (!mode.equals("off")) {
			recording = new Recording();
			recording.setName("memleak-sites");
			recording.setToDisk(false);
			recording.enable("jdk.OldObjectSample").withStackTrace().with("cutoff", "0 ns");
			recording.start();
		}
		LongAdder ops = new LongAdder();
		AtomicBoolean running = new AtomicBoolean(true);
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < 2; t++) {
			Thread worker = new Thread(() -> work(ops, running), "worker-" + t);
			worker.setDaemon(true);
			worker.start();
			workers.add(worker);
		}
		if (mode.equals("emit")) {
			emit(args[2], Integer.parseInt(args[3]), seconds);
		}
		else {
			Thread.sleep(WARMUP_SECONDS * 1000L);
			long before = ops.sum();
			long allocatedBefore = allocated(workers);
			long start = System.nanoTime();
			Thread.sleep(seconds * 1000L);
			long done = ops.sum() - before;
			long allocated = allocated(workers) - allocatedBefore;
			double elapsed = (System.nanoTime() - start) / 1e9;
			System.out.printf("%s ops/s %.0f (allocating %.0f MB/s)%n", mode, done / elapsed, allocated / elapsed / 1e6);
		}
		running.set(false);
		for (Thread worker : workers) {
			worker.join();
		}
		if (recording != null) {
			recording.close();
		}
	}

	static long allocated(List<Thread> workers) {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
			.getThreadMXBean();
		return workers.stream().mapToLong((worker) -> threads.getThreadAllocatedBytes(worker.getId())).sum();
	}

	// About 1 KB in ten objects per operation; one operation in 128 keeps its objects for
	// a while (a ring of 4096), so the old generation sees churn too.
	static void work(LongAdder ops, AtomicBoolean running) {
		Object[] ring = new Object[4096];
		int index = 0;
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long n = 0;
		while (running.get()) {
			List<Object> objects = new ArrayList<>(10);
			for (int i = 0; i < 8; i++) {
				objects.add(new byte[16 + random.nextInt(224)]);
			}
			objects.add("order-" + n + ";amount=" + random.nextInt(1000));
			if ((n & 127) == 0) {
				ring[index++ & 4095] = objects;
			}
			sink = objects;
			n++;
			if ((n & 1023) == 0) {
				ops.add(1024);
			}
		}
	}

	static void emit(String cutoff, int liveMib, int seconds) throws Exception {
		Thread watcher = new Thread(() -> {
			long last = System.nanoTime();
			while (true) {
				try {
					Thread.sleep(1);
				}
				catch (InterruptedException ex) {
					return;
				}
				long now = System.nanoTime();
				maxGapNanos = Math.max(maxGapNanos, now - last);
				last = now;
			}
		}, "watcher");
		watcher.setDaemon(true);
		watcher.start();
		long built = 0;
		while (built < ((long) liveMib << 20)) {
			retain(built);
			built += 4096 + 32;
		}
		Thread leak = new Thread(() -> {
			long n = 0;
			while (true) {
				retain(n++);
				try {
					Thread.sleep(2);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "leak");
		leak.setDaemon(true);
		leak.start();
		Thread.sleep(WARMUP_SECONDS * 1000L);
		Path directory = Files.createTempDirectory("sites-bench");
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		int emission = 0;
		while (System.nanoTime() < end) {
			Thread.sleep(3000);
			Path file = directory.resolve("emission-" + (++emission) + ".jfr");
			maxGapNanos = 0;
			long start = System.nanoTime();
			long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
			try (Recording side = new Recording()) {
				side.setToDisk(true);
				side.enable("jdk.OldObjectSample").withStackTrace().with("cutoff", cutoff);
				side.setDestination(file);
				side.start();
				side.stop();
			}
			long emitted = System.nanoTime();
			long stall = maxGapNanos;
			int samples = 0;
			try (RecordingFile recordingFile = new RecordingFile(file)) {
				while (recordingFile.hasMoreEvents()) {
					RecordedEvent event = recordingFile.readEvent();
					if (event.getEventType().getName().equals("jdk.OldObjectSample")) {
						samples++;
					}
				}
			}
			long read = System.nanoTime();
			System.out.printf("emission %d at %d ms uptime: wall %.1f ms, stall %.1f ms, read %.1f ms, samples %d, "
					+ "file %d KB%n", emission, uptime, (emitted - start) / 1e6, stall / 1e6, (read - emitted) / 1e6,
					samples, Files.size(file) >> 10);
			Files.delete(file);
		}
		Files.delete(directory);
		watcher.interrupt();
		leak.interrupt();
	}

	static void retain(long id) {
		synchronized (LIVE) {
			LIVE.add(new Entry(id, new byte[4096]));
		}
	}

}
