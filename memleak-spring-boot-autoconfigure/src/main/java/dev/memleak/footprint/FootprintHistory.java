package dev.memleak.footprint;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The bounded history of every series the footprint is judged on: one ring per series, at
 * most {@code capacity} samples each; at most {@link #MAX_NATIVE_CATEGORIES} NMT
 * categories and {@code maxThreadGroups} + 1 thread groups.
 *
 * @author memleak
 */
final class FootprintHistory {

	static final String DIRECT = "direct";

	static final String MAPPED = "mapped";

	static final String THREADS = "threads";

	static final String THREAD_GROUP = "thread:";

	static final String METASPACE = "metaspace";

	static final String CLASSES = "classes";

	static final String CODE = "code";

	static final String NATIVE = "nmt:";

	static final String UNTRACKED = "untracked";

	static final String RESIDENT = "resident";

	static final String OUTSIDE_HEAP = "outside";

	/** NMT has about 30 categories; more would be a new JVM's or a broken parse. */
	static final int MAX_NATIVE_CATEGORIES = 48;

	/** NMT counts direct buffers in this category. */
	static final String NMT_OTHER = "Other";

	private final int capacity;

	private final int maxThreadGroups;

	private final Map<String, SampleRing> series = new LinkedHashMap<>();

	private final Map<String, String> threadPatterns = new LinkedHashMap<>();

	private long firstMillis = Long.MIN_VALUE;

	private long heapCommittedMax;

	private int samples;

	FootprintHistory(int capacity, int maxThreadGroups) {
		this.capacity = capacity;
		this.maxThreadGroups = maxThreadGroups;
	}

	synchronized void record(FootprintSample sample) {
		long at = sample.at().toEpochMilli();
		if (this.samples++ == 0) {
			this.firstMillis = at;
		}
		JvmMemory jvm = sample.jvm();
		add(DIRECT, at, jvm.directBytes());
		add(MAPPED, at, jvm.mappedBytes());
		add(THREADS, at, (long) sample.threads().threads());
		add(METASPACE, at, jvm.metaspaceUsedBytes());
		add(CLASSES, at, jvm.loadedClasses());
		add(CODE, at, jvm.codeCacheUsedBytes());
		// G1 commits heap it has not touched yet and uncommits it untouched: resident
		// memory does not follow, so the judged series count the heap at the most it has
		// had committed, and a heap that shrinks is not growth elsewhere.
		this.heapCommittedMax = Math.max(this.heapCommittedMax, jvm.heapCommittedBytes());
		long uncommitted = this.heapCommittedMax - jvm.heapCommittedBytes();
		Long untracked = sample.untrackedBytes();
		add(UNTRACKED, at, (untracked != null) ? untracked - uncommitted : null);
		add(RESIDENT, at, (sample.process() != null) ? sample.process().residentBytes() : null);
		Long outside = sample.outsideHeapBytes();
		add(OUTSIDE_HEAP, at, (outside != null) ? outside - uncommitted : null);
		recordThreadGroups(at, sample.threads());
		NativeMemory nmt = sample.nativeMemory();
		if (nmt != null) {
			for (NativeMemory.Category category : nmt.categories()) {
				long committed = category.committedBytes();
				if (category.name().equals(NMT_OTHER) && jvm.directBytes() != null) {
					committed -= jvm.directBytes();
				}
				String key = NATIVE + category.name();
				if (this.series.containsKey(key) || nativeCategories() < MAX_NATIVE_CATEGORIES) {
					add(key, at, committed);
				}
			}
		}
	}

	// A group missing from the census has no threads left (or fell below the largest
	// groups): it is recorded at 0 once, then forgotten when the set is full.
	private void recordThreadGroups(long at, ThreadCensus census) {
		Set<String> present = new HashSet<>();
		for (ThreadCensus.Group group : census.groups()) {
			present.add(group.key());
			this.threadPatterns.put(group.key(), group.pattern());
			add(THREAD_GROUP + group.key(), at, (long) group.threads());
		}
		for (String key : List.copyOf(this.threadPatterns.keySet())) {
			if (!present.contains(key)) {
				if (this.threadPatterns.size() > this.maxThreadGroups + 1) {
					this.threadPatterns.remove(key);
					this.series.remove(THREAD_GROUP + key);
				}
				else {
					add(THREAD_GROUP + key, at, 0L);
				}
			}
		}
	}

	private long nativeCategories() {
		return this.series.keySet().stream().filter((key) -> key.startsWith(NATIVE)).count();
	}

	private void add(String key, long at, @Nullable Long value) {
		if (value != null) {
			this.series.computeIfAbsent(key, (k) -> new SampleRing(this.capacity)).add(at, value);
		}
	}

	/**
	 * Return a series' samples at or after a moment and after the warm-up.
	 * @param key the series
	 * @param fromMillis the window's start
	 * @param warmUpMillis the warm-up after the first sample
	 * @return the samples, empty for an unknown series
	 */
	synchronized SampleRing.Window window(String key, long fromMillis, long warmUpMillis) {
		SampleRing ring = this.series.get(key);
		long from = Math.max(fromMillis, this.firstMillis + warmUpMillis);
		return (ring != null) ? ring.since(from) : new SampleRing.Window(new long[0], new double[0]);
	}

	synchronized List<String> keys(String prefix) {
		return this.series.keySet().stream().filter((key) -> key.startsWith(prefix)).toList();
	}

	synchronized @Nullable String threadPattern(String key) {
		return this.threadPatterns.get(key);
	}

	synchronized int samples() {
		return this.samples;
	}

	synchronized int seriesCount() {
		return this.series.size();
	}

}
