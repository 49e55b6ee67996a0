package dev.memleak.footprint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts live platform threads by name pattern, folding the numbers in their names
 * ({@code pool-12-thread-3} and {@code pool-13-thread-1} are both
 * {@code pool-N-thread-N}). Reads the thread objects from the root thread group: no stack
 * traces, no safepoint (about 5 µs for 200 threads here, against 50 to 300 µs for
 * {@code ThreadMXBean.getThreadInfo}).
 *
 * @author memleak
 */
public final class ThreadCensusReader {

	/** Names are cut at this length, so that odd names cannot make patterns large. */
	static final int MAX_NAME_LENGTH = 100;

	private final int maxGroups;

	private final ThreadGroup root;

	/**
	 * Create a reader.
	 * @param maxGroups the most groups reported; smaller groups share one
	 */
	public ThreadCensusReader(int maxGroups) {
		this.maxGroups = maxGroups;
		ThreadGroup group = Thread.currentThread().getThreadGroup();
		while (group.getParent() != null) {
			group = group.getParent();
		}
		this.root = group;
	}

	/**
	 * Count the threads now.
	 * @return the census
	 */
	public ThreadCensus read() {
		Thread[] threads;
		int count;
		do {
			threads = new Thread[this.root.activeCount() + 32];
			count = this.root.enumerate(threads, true);
		}
		while (count == threads.length);
		Map<String, Folded> groups = new HashMap<>();
		for (int i = 0; i < count; i++) {
			String full = threads[i].getName();
			String name = (full.length() > MAX_NAME_LENGTH) ? full.substring(0, MAX_NAME_LENGTH) : full;
			String key = fold(name);
			groups.computeIfAbsent(key, (k) -> new Folded(name)).add(name);
		}
		List<Map.Entry<String, Folded>> sorted = new ArrayList<>(groups.entrySet());
		sorted.sort(Comparator.comparingInt((Map.Entry<String, Folded> entry) -> -entry.getValue().threads)
			.thenComparing(Map.Entry::getKey));
		List<ThreadCensus.Group> result = new ArrayList<>();
		int other = 0;
		for (Map.Entry<String, Folded> entry : sorted) {
			if (result.size() < this.maxGroups) {
				result
					.add(new ThreadCensus.Group(entry.getKey(), entry.getValue().pattern(), entry.getValue().threads));
			}
			else {
				other += entry.getValue().threads;
			}
		}
		if (other > 0) {
			result.add(new ThreadCensus.Group(ThreadCensus.OTHER, ThreadCensus.OTHER, other));
		}
		return new ThreadCensus(count, result);
	}

	/**
	 * Replace every run of digits with {@code N}.
	 * @param name a thread name
	 * @return its pattern
	 */
	static String fold(String name) {
		StringBuilder out = new StringBuilder(name.length());
		boolean inDigits = false;
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean digit = c >= '0' && c <= '9';
			if (!digit) {
				out.append(c);
			}
			else if (!inDigits) {
				out.append('N');
			}
			inDigits = digit;
		}
		return out.toString();
	}

	private static List<String> digitRuns(String name) {
		List<String> runs = new ArrayList<>();
		int start = -1;
		for (int i = 0; i <= name.length(); i++) {
			boolean digit = i < name.length() && name.charAt(i) >= '0' && name.charAt(i) <= '9';
			if (digit && start < 0) {
				start = i;
			}
			else if (!digit && start >= 0) {
				runs.add(name.substring(start, i));
				start = -1;
			}
		}
		return runs;
	}

	/**
	 * One group while counting: the first name, and which of its numbers every member
	 * shares (a port such as 8080 stays, a counter becomes N).
	 */
	private static final class Folded {

		private final String first;

		private final String[] shared;

		private int threads;

		Folded(String first) {
			this.first = first;
			this.shared = digitRuns(first).toArray(new String[0]);
		}

		void add(String name) {
			this.threads++;
			if (this.threads > 1) {
				List<String> runs = digitRuns(name);
				for (int i = 0; i < this.shared.length; i++) {
					if (this.shared[i] != null && !this.shared[i].equals(runs.get(i))) {
						this.shared[i] = null;
					}
				}
			}
		}

		String pattern() {
			StringBuilder out = new StringBuilder();
			int run = 0;
			boolean inDigits = false;
			for (int i = 0; i < this.first.length(); i++) {
				char c = this.first.charAt(i);
				boolean digit = c >= '0' && c <= '9';
				if (!digit) {
					out.append(c);
				}
				else if (!inDigits) {
					out.append((this.shared[run] != null && this.threads > 1) ? this.shared[run] : "N");
					run++;
				}
				inDigits = digit;
			}
			return out.toString();
		}

	}

}
