package dev.memleak.footprint;

import org.jspecify.annotations.Nullable;

/**
 * The memory of the container (the process's memory cgroup) at one moment.
 *
 * @param version {@code v1} or {@code v2}
 * @param path the cgroup's directory as this process sees it
 * @param usageBytes memory charged to the cgroup, page cache included
 * ({@code memory.current}, v1 {@code memory.usage_in_bytes})
 * @param limitBytes the effective limit, the lowest of the cgroup and its parents, or
 * {@code null} without a limit
 * @param anonBytes anonymous memory (heap, stacks, malloc), or {@code null} if unknown
 * @param fileBytes page cache, or {@code null} if unknown
 * @param inactiveFileBytes page cache the kernel reclaims first, or {@code null} if
 * unknown
 * @param oomKills processes of the cgroup killed by the OOM killer, or {@code null} if
 * unknown
 * @param limitHits times usage reached the limit (v2 {@code memory.events} max, v1
 * {@code memory.failcnt}), or {@code null} if unknown
 * @author memleak
 */
public record CgroupMemory(String version, String path, long usageBytes, @Nullable Long limitBytes,
		@Nullable Long anonBytes, @Nullable Long fileBytes, @Nullable Long inactiveFileBytes, @Nullable Long oomKills,
		@Nullable Long limitHits) {

	/**
	 * Return the working set as the kubelet computes it: usage less inactive page cache.
	 * The OOM killer acts on about this amount reaching the limit.
	 * @return the working set in bytes
	 */
	public long workingSetBytes() {
		long inactive = (this.inactiveFileBytes != null) ? this.inactiveFileBytes : 0;
		return Math.max(0, this.usageBytes - inactive);
	}

}
