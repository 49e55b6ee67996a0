package dev.memleak.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Estimates the pause of an operation before it runs: the mean of the last three pauses
 * measured for it, each scaled by the heap in use now against then (a heap walk takes
 * time in proportion to the heap), or, before any was measured, a model from the pauses
 * measured on a 2-core machine (docs/performance.md): a {@code live} histogram about 1 s
 * per GiB of heap in use, an {@code all} histogram half that, a heap dump 2 s per GiB, a
 * leak-site emission 10 ms. Not thread-safe: the budget serializes it.
 *
 * @author memleak
 */
final class PauseEstimates {

	private static final int KEPT = 3;

	private static final double GIB = 1024.0 * 1024 * 1024;

	// Scaling by the heap never makes an estimate smaller than this share of the measured
	// pause: part of a pause (the safepoint, the collection's setup) does not shrink with
	// the heap.
	private static final double MIN_SCALE = 0.5;

	private final Map<PauseOperation, Deque<long[]>> measured = new EnumMap<>(PauseOperation.class);

	void measured(PauseOperation operation, Duration pause, long heapBytes) {
		Deque<long[]> last = this.measured.computeIfAbsent(operation, (key) -> new ArrayDeque<>(KEPT));
		if (last.size() == KEPT) {
			last.removeFirst();
		}
		last.addLast(new long[] { pause.toNanos(), Math.max(1, heapBytes) });
	}

	@Nullable Duration lastMeasured(PauseOperation operation) {
		Deque<long[]> last = this.measured.get(operation);
		return (last == null || last.isEmpty()) ? null : Duration.ofNanos(last.peekLast()[0]);
	}

	Duration estimate(PauseOperation operation, long heapBytes) {
		Deque<long[]> last = this.measured.get(operation);
		if (last == null || last.isEmpty() || operation == PauseOperation.SITES_EMISSION) {
			return model(operation, heapBytes, (last != null) ? last : new ArrayDeque<>());
		}
		double nanos = 0;
		for (long[] pause : last) {
			nanos += pause[0] * Math.max(MIN_SCALE, (double) heapBytes / pause[1]);
		}
		return Duration.ofNanos((long) (nanos / last.size()));
	}

	private static Duration model(PauseOperation operation, long heapBytes, Deque<long[]> last) {
		double gib = Math.max(0, heapBytes) / GIB;
		return switch (operation) {
			case HISTOGRAM_LIVE -> Duration.ofMillis(50 + (long) (1000 * gib));
			case HISTOGRAM_ALL -> Duration.ofMillis(25 + (long) (500 * gib));
			case HEAP_DUMP -> Duration.ofMillis(100 + (long) (2000 * gib));
			// The stop of an emission does not grow with the heap (without reference
			// chains): the largest of the last ones, at least the 10 ms measured at most.
			case SITES_EMISSION -> Duration.ofNanos(
					Math.max(Duration.ofMillis(10).toNanos(), last.stream().mapToLong((p) -> p[0]).max().orElse(0)));
		};
	}

}
