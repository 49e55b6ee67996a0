import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

import javax.management.ObjectName;

/**
 * Builds a live heap of the given size (objects of 220-340 bytes with their byte arrays),
 * then takes class histograms in-process through the DiagnosticCommand MBean, with and
 * without a forced full GC, while a watcher thread records the longest stall it sees.
 * Then it prints READY and waits for run.sh to take the same histograms with jcmd from
 * outside. Run it with -Xlog:safepoint to read the exact pause of every histogram.
 *
 * Usage: java -Xmx3g -Xms3g -Xlog:safepoint=info:file=safepoint.log PauseBench.java LIVE_MIB REPS STOP_FILE
 */
public class PauseBench {

	record Node(long id, byte[] data) {
	}

	static final List<Node[]> LIVE = new ArrayList<>();

	static volatile long maxGapNanos;

	static volatile Object sink;

	public static void main(String[] args) throws Exception {
		long liveTarget = Long.parseLong(args[0]) << 20;
		int reps = Integer.parseInt(args[1]);
		long built = 0;
		long count = 0;
		Node[] chunk = new Node[100_000];
		int i = 0;
		while (built < liveTarget) {
			int length = 180 + ThreadLocalRandom.current().nextInt(120);
			chunk[i++] = new Node(count++, new byte[length]);
			built += 24 + 16 + ((length + 7) & ~7);
			if (i == chunk.length) {
				LIVE.add(chunk);
				chunk = new Node[100_000];
				i = 0;
			}
		}
		LIVE.add(chunk);
		System.gc();
		long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		System.out.printf("built %d objects (~%d MiB live); heap used %d MiB%n", count * 2, built >> 20, used >> 20);
		// Moderate garbage, so that -all has garbage to count.
		daemon("churn", () -> {
			while (true) {
				sink = new byte[ThreadLocalRandom.current().nextInt(64, 4096)];
				LockSupport.parkNanos(20_000);
			}
		});
		daemon("watcher", () -> {
			long last = System.nanoTime();
			while (true) {
				LockSupport.parkNanos(200_000);
				long now = System.nanoTime();
				maxGapNanos = Math.max(maxGapNanos, now - last);
				last = now;
			}
		});
		Thread.sleep(2000);
		var server = ManagementFactory.getPlatformMBeanServer();
		var name = new ObjectName("com.sun.management:type=DiagnosticCommand");
		for (String mode : new String[] { "live", "all" }) {
			for (int r = 0; r < reps; r++) {
				Thread.sleep(1500);
				maxGapNanos = 0;
				String[] arguments = mode.equals("live") ? new String[0] : new String[] { "-all" };
				long start = System.nanoTime();
				String out = (String) server.invoke(name, "gcClassHistogram", new Object[] { arguments },
						new String[] { String[].class.getName() });
				long end = System.nanoTime();
				Thread.sleep(50);
				System.out.printf("mbean %s call %.1f ms, longest stall %.1f ms, %d lines%n", mode, (end - start) / 1e6,
						maxGapNanos / 1e6, out.lines().count());
			}
		}
		System.out.println("READY " + ProcessHandle.current().pid());
		Path stop = Path.of(args[2]);
		while (!Files.exists(stop)) {
			maxGapNanos = 0;
			Thread.sleep(1000);
			if (maxGapNanos > 30_000_000) {
				System.out.printf("stall %.1f ms%n", maxGapNanos / 1e6);
			}
		}
		System.out.println("live chunks still held: " + LIVE.size());
	}

	static void daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

}
