package dev.memleak.footprint;

import java.util.List;

/**
 * Live platform threads, grouped by name pattern.
 *
 * @param threads live platform threads
 * @param groups the largest groups, largest first, at most the configured number; the
 * rest are counted in one group named {@link #OTHER}
 * @author memleak
 */
public record ThreadCensus(int threads, List<Group> groups) {

	/** The group of threads beyond the largest groups. */
	public static final String OTHER = "(other threads)";

	public ThreadCensus {
		groups = List.copyOf(groups);
	}

	/**
	 * Threads whose names differ only in their numbers.
	 *
	 * @param key the name with every run of digits replaced by {@code N}, such as
	 * {@code pool-N-thread-N}
	 * @param pattern the name with the numbers that differ between its threads replaced
	 * by {@code N}, such as {@code http-nio-8080-exec-N}
	 * @param threads threads in the group
	 */
	public record Group(String key, String pattern, int threads) {
	}

}
