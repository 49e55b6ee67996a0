package dev.memleak.escalation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import dev.memleak.heap.FloorCandidate;
import dev.memleak.heap.FloorSeries;
import dev.memleak.heap.HeapSummary;
import dev.memleak.heap.LeakStatus;
import dev.memleak.heap.LeakVerdict;
import dev.memleak.snapshot.ClassHistogramSource;
import dev.memleak.snapshot.SnapshotMode;

/**
 * A heap whose leaking class grows at a fixed rate, as the escalation sees it: class
 * histograms in the JVM's format, the full collection of a {@code live} one as an exact
 * floor point in the series, and the detector's verdict set by the test.
 *
 * @author memleak
 */
final class ScriptedHeap implements ClassHistogramSource {

	static final long MB = 1024 * 1024;

	private final Clock clock;

	private final Instant start;

	private final FloorSeries series;

	final List<SnapshotMode> modes = Collections.synchronizedList(new ArrayList<>());

	volatile double leakBytesPerSecond = 100 * 1024;

	volatile long heapUsed = 200 * MB;

	/** Added to the live set at the n-th live histogram's full collection, in turn. */
	volatile long[] scatter = { 0 };

	volatile LeakVerdict verdict;

	ScriptedHeap(Clock clock, FloorSeries series) {
		this.clock = clock;
		this.start = clock.instant();
		this.series = series;
		this.verdict = verdict(LeakStatus.UNKNOWN, null, null);
	}

	@Override
	public String classHistogram(SnapshotMode mode) {
		this.modes.add(mode);
		long leaked = (long) (this.leakBytesPerSecond * Duration.between(this.start, this.clock.instant()).toSeconds());
		if (mode == SnapshotMode.LIVE) {
			long[] scatter = this.scatter;
			long moved = scatter[(this.modes.size() - 1) % scatter.length];
			this.series.add(new FloorCandidate(this.clock.instant(), 100 * MB + leaked + moved, 512 * MB,
					this.modes.size(), FloorCandidate.Kind.INSPECTION));
		}
		long entries = 1000 + leaked / 1024;
		return " num     #instances         #bytes  class name (module)\n"
				+ "-------------------------------------------------------\n"
				+ String.format(Locale.ROOT, "   1: %13d %14d  [B (java.base@17.0.15)%n", entries, entries * 1024)
				+ String.format(Locale.ROOT, "   2: %13d %14d  com.example.Order%n", entries, entries * 32)
				+ String.format(Locale.ROOT, "   3: %13d %14d  java.lang.String (java.base@17.0.15)%n", 5000, 120000)
				+ String.format(Locale.ROOT, "Total %13d %14d%n", entries * 2 + 5000, entries * 1056 + 120000);
	}

	void set(LeakStatus status, Double growthBytesPerSecond, Double confidence) {
		this.verdict = verdict(status, growthBytesPerSecond, confidence);
	}

	private LeakVerdict verdict(LeakStatus status, Double growth, Double confidence) {
		return new LeakVerdict(status, this.clock.instant(),
				new HeapSummary(100 * MB, 512 * MB, growth, confidence, null, 10, this.clock.instant()), List.of());
	}

}
