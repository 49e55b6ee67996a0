package dev.memleak.heap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.memleak.core.FailureRecorder;

/**
 * Run in a child JVM by {@link MarkingCycleEndTests}: retains 20 MB, runs three G1
 * marking cycles ({@code System.gc()} with {@code -XX:+ExplicitGCInvokesConcurrent}),
 * each followed by young collections, and prints what the tracker saw.
 */
public final class CycleEndProbe {

	static volatile Object sink;

	private CycleEndProbe() {
	}

	public static void main(String[] args) throws Exception {
		FailureRecorder failures = new FailureRecorder(null);
		LiveSetTracker tracker = new LiveSetTracker(new FloorSeries(1024), Clock.systemUTC(), failures);
		if (args.length > 0 && args[0].equals("no-counter")) {
			tracker.setCycleSources(() -> null, Duration.ZERO);
		}
		tracker.setJfrCycleEvents(args.length > 1 && args[1].equals("jfr"));
		tracker.start();
		System.out.println("started " + tracker.cycleSource());
		List<byte[]> retained = new ArrayList<>();
		for (int i = 0; i < 20_000; i++) {
			retained.add(new byte[1024]);
		}
		for (int cycle = 0; cycle < 4; cycle++) {
			System.gc();
			Thread.sleep(1500);
			for (int i = 0; i < 400_000; i++) {
				sink = new byte[256];
			}
			Thread.sleep(300);
		}
		System.out.println("source " + tracker.cycleSource());
		System.out.println("floorPoints " + tracker.series().floorPoints(Instant.EPOCH).size());
		System.out.println("failures " + failures.counts());
		System.out.println("retained " + retained.size());
		tracker.close();
	}

}
