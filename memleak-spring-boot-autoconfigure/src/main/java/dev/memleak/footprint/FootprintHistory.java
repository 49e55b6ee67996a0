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

	private long heapUsedMax;

	private long heapResident;

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
		long heapResident = heapResident(jvm);
		add(UNTRACKED, at, untracked(sample, heapResident));
		add(RESIDENT, at, (sample.process() != null) ? sample.process().residentBytes() : null);
		Long memory = (sample.container() != null) ? (Long) sample.container().workingSetBytes()
				: (sample.process() != null) ? (Long) sample.process().residentBytes() : null;
		add(OUTSIDE_HEAP, at, (memory != null) ? memory - heapResident : null);
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

	/**
	 * The heap's part of resident memory, estimated: G1 commits heap it does not touch
	 * yet (all of it with -Xms equal to -Xmx) and uncommits untouched heap, and pages
	 * once touched stay resident. So at least the most the heap has used, at most what it
	 * has committed now. Counting the heap at its committed size instead would turn a
	 * heap that fills untouched memory into growth outside it, and a heap that uncommits
	 * untouched memory into a drop.
	 */
	private long heapResident(JvmMemory jvm) {
		this.heapUsedMax = Math.max(this.heapUsedMax, jvm.heapUsedBytes());
		this.heapResident = Math.min(jvm.heapCommittedBytes(), this.heapUsedMax);
		return this.heapResident;
	}

	/**
	 * The heap's resident part at the latest sample, estimated as in
	 * {@link #record(FootprintSample)}.
	 * @return bytes, 0 before the first sample
	 */
	synchronized long heapResidentBytes() {
		return this.heapResident;
	}

	/**
	 * Resident memory that Native Memory Tracking does not explain: resident memory less
	 * NMT's committed memory outside the heap, less the heap's resident part, less what
	 * the JVM has freed below its malloc peak (the C allocator keeps freed memory, so
	 * resident memory follows malloc's peak, not its current use: without this, a
	 * compilation's arena freed after its peak is a step up here).
	 */
	private static @Nullable Long untracked(FootprintSample sample, long heapResident) {
		NativeMemory nmt = sample.nativeMemory();
		if (sample.process() == null || nmt == null) {
			return null;
		}
		long outsideHeap = nmt.committedBytes() - nmt.committed("Java Heap");
		return sample.process().residentBytes() - outsideHeap - nmt.mallocBelowPeakBytes() - heapResident;
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
